package io.vigil.app;

import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the alert topic from where it ends now (committed transactions only) and counts this run's
 * alerts — "new" events, one per tracked object — per label; optionally shows each new alert.
 */
final class AlertTally implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Long> byLabel = new TreeMap<>();
    private final Consumer<Alert> onNew;

    AlertTally(Map<String, Object> kafka, Consumer<Alert> onNew) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the starting point now
        this.onNew = onNew;
    }

    /** Reads what has arrived; call from one thread. */
    void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            Alert a;
            try {
                a = Json.read(r.value(), Alert.class);
            } catch (RuntimeException e) {
                continue; // not ours to judge: the sink reports poison records
            }
            if (Alert.NEW.equals(a.type())) {
                byLabel.merge(a.label(), 1L, Long::sum);
                onNew.accept(a);
            }
        }
    }

    /** Reads until the end of the topic as it is now. */
    void drain() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll(Duration.ofMillis(200));
        }
    }

    Map<String, Long> byLabel() {
        return byLabel;
    }

    long total() {
        return byLabel.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
