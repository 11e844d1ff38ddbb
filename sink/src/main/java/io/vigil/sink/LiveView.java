package io.vigil.sink;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's live frames as MJPEG ({@code multipart/x-mixed-replace}), straight from the frames topic at the detect
 * fps. Each viewer has its own consumer (no group, positioned at the end of the camera's partition), which exists
 * only while that viewer is connected: the live view costs nothing when nobody watches.
 */
final class LiveView {
    private static final Logger log = LoggerFactory.getLogger(LiveView.class);
    private static final String BOUNDARY = "vigilframe";
    /** A tab left open forever still ends: the page reconnects. */
    private static final Duration MAX_VIEW = Duration.ofMinutes(30);

    private final Map<String, Object> kafka;
    private final String framesTopic;
    /** Without a new frame for this long the last one is sent again: keeps the tile alive and notices a viewer that left. */
    private static final long REPEAT_NANOS = 2_000_000_000L;
    private static final int LOOK_BACK = 50;
    private final AtomicInteger viewers = new AtomicInteger();
    private volatile boolean closed;

    /** @param kafka Kafka client settings: bootstrap.servers and the config's kafka.properties */
    LiveView(Map<String, Object> kafka, String framesTopic) {
        this.kafka = Map.copyOf(kafka);
        this.framesTopic = framesTopic;
    }

    private static void write(OutputStream out, byte[] jpeg) throws IOException {
        out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(jpeg);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends every stream (on sink shutdown). */
    void close() {
        closed = true;
    }

    int viewers() {
        return viewers.get();
    }

    /**
     * The camera's newest frame among the last {@link #LOOK_BACK} records of each partition (other cameras share
     * them), so a viewer sees a picture at once; leaves the consumer at the end of the topic.
     */
    private static byte[] latestFrame(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, String camera) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        ends.forEach((tp, end) -> consumer.seek(tp, Math.max(0, end - LOOK_BACK)));
        byte[] latest = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                if (camera.equals(r.key()) && r.value() != null) latest = r.value();
            }
        }
        return latest;
    }

    void stream(Context ctx) {
        String camera = ctx.pathParam("id");
        ctx.res().setContentType("multipart/x-mixed-replace; boundary=" + BOUNDARY);
        ctx.res().setHeader("Cache-Control", "no-cache, no-store");
        viewers.incrementAndGet();
        long until = System.nanoTime() + MAX_VIEW.toNanos();
        Map<String, Object> settings = new java.util.HashMap<>(kafka);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-sink-live-" + camera);
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(io.vigil.common.Topics.FRAMES_MAX_MESSAGE_BYTES));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(framesTopic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            OutputStream out = ctx.res().getOutputStream();
            byte[] last = latestFrame(consumer, partitions, camera);
            if (last != null) write(out, last);
            long lastSent = System.nanoTime();
            while (!closed && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (!camera.equals(r.key()) || r.value() == null) continue;
                    last = r.value();
                    write(out, last);
                    lastSent = System.nanoTime();
                }
                if (last != null && System.nanoTime() - lastSent > REPEAT_NANOS) {
                    write(out, last);
                    lastSent = System.nanoTime();
                }
            }
        } catch (IOException e) {
            // the viewer went away
        } catch (RuntimeException e) {
            log.warn("Live view of camera {} ended: {}", camera, e.toString());
        } finally {
            viewers.decrementAndGet();
        }
    }
}
