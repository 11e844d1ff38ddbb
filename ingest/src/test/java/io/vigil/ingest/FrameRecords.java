package io.vigil.ingest;

import io.vigil.common.FrameHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what landed on a topic with Kafka's own consumer, the way any downstream service would. */
final class FrameRecords {
    /** One frame record as a consumer sees it. */
    record Frame(String camera, Instant time, long seq, int width, int height, byte[] jpeg, int partition) {}

    private FrameRecords() {}

    /** Every record now on {@code topic} (from the beginning), waiting until none arrives for {@code quiet}. */
    static List<Frame> readAll(String bootstrap, String topic, Duration quiet) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<Frame> frames = new ArrayList<>();
            long quietUntil = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    frames.add(frame(r));
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
            return frames;
        }
    }

    static Frame frame(ConsumerRecord<String, byte[]> r) {
        return new Frame(r.key(), Instant.ofEpochMilli(r.timestamp()),
                FrameHeaders.read(r.headers(), FrameHeaders.SEQ, -1),
                (int) FrameHeaders.read(r.headers(), FrameHeaders.WIDTH, -1),
                (int) FrameHeaders.read(r.headers(), FrameHeaders.HEIGHT, -1), r.value(), r.partition());
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** Frames of one camera in publishing order (they share a partition, so offset order is publish order). */
    static List<Frame> ofCamera(List<Frame> frames, String camera) {
        return frames.stream().filter(f -> camera.equals(f.camera())).collect(Collectors.toList());
    }
}
