package io.vigil.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @Test
    void singleNodeKeepsRecordsAcrossARestartOnTheSameDirectory(@TempDir Path dir) {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(data, 0)) {
            TopicCreator.create(kafka.bootstrapServers(), "events", 2, 1, Map.of("retention.ms", "-1"));
            TopicCreator.create(kafka.bootstrapServers(), "events", 2, 1, Map.of()); // idempotent
            produce(kafka.bootstrapServers(), "events", "cam-1", "person at the door");
            assertThat(readAll(kafka.bootstrapServers(), "events", 1)).containsExactly("cam-1=person at the door");
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(data, 0)) {
            assertThat(readAll(kafka.bootstrapServers(), "events", 1)).containsExactly("cam-1=person at the door");
        }
    }

    @Test
    void singleNodeSupportsTransactions(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(dir, 0)) {
            TopicCreator.create(kafka.bootstrapServers(), "tx", 1, 1, Map.of());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx"),
                    new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "k", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "k", "committed"));
                producer.commitTransaction();
            }
            assertThat(readAll(kafka.bootstrapServers(), "tx", 1)).containsExactly("k=committed");
        }
    }

    @Test
    void threeBrokerClusterServesATopicReplicatedThreeTimesAndSurvivesLosingABroker() throws Exception {
        try (TestKitCluster kafka = TestKitCluster.start(3)) {
            TopicCreator.create(kafka.bootstrapServers(), "replicated", 3, 3, Map.of("min.insync.replicas", "2"));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                TopicDescription d = admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated");
                assertThat(d.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
            produce(kafka.bootstrapServers(), "replicated", "cam-1", "before");
            kafka.stopBroker(kafka.brokerIds().get(0));
            produce(kafka.bootstrapServers(), "replicated", "cam-1", "after");
            assertThat(readAll(kafka.bootstrapServers(), "replicated", 2)).containsExactly("cam-1=before", "cam-1=after");
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce to " + topic + " failed", e);
        }
    }

    /** Reads from the beginning until {@code expected} records arrived (or 30 s passed). */
    private static List<String> readAll(String bootstrap, String topic, int expected) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
            }
        }
        return seen;
    }
}
