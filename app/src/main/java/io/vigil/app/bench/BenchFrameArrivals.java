package io.vigil.app.bench;

import io.vigil.common.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the frames topic from where it ends now: how many frames each camera has published, and the
 * start offset of each replay. A replay started "now" stamps frame i with now + pts(i) but publishes its
 * first frame a little later (connecting, opening the file) and paces the rest from there, so every
 * capture time is early by that offset: the smallest (wall clock at arrival - capture time) over a
 * camera's frames. Alert latency subtracts it, so that it counts processing, not the replay's start-up.
 */
final class BenchFrameArrivals implements AutoCloseable {
    private static final class Camera {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong minDelayMillis = new AtomicLong(Long.MAX_VALUE);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    BenchFrameArrivals(Map<String, Object> kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-bench-arrivals");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.FRAMES_MAX_MESSAGE_BYTES);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = consumer.partitionsFor(Topics.FRAMES).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::watch, "vigil-bench-arrivals");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    long delay = System.currentTimeMillis() - r.timestamp();
                    Camera c = cameras.computeIfAbsent(String.valueOf(r.key()), k -> new Camera());
                    c.frames.incrementAndGet();
                    c.minDelayMillis.accumulateAndGet(delay, Math::min);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Frames that reached the broker from these cameras so far. */
    long published(Collection<String> ids) {
        return ids.stream().mapToLong(id -> {
            Camera c = cameras.get(id);
            return c == null ? 0 : c.frames.get();
        }).sum();
    }

    /** The camera's replay start offset in ms (0 if none of its frames arrived). */
    long startOffsetMillis(String id) {
        Camera c = cameras.get(id);
        long min = c == null ? Long.MAX_VALUE : c.minDelayMillis.get();
        return min == Long.MAX_VALUE ? 0 : Math.max(0, min);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
