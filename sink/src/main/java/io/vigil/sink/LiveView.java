package io.vigil.sink;

import io.javalin.http.Context;
import io.vigil.common.FrameObjects;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * fps, each with the boxes of what the detector tracks on it (the objects topic, matched by camera and capture time).
 * Each viewer has its own consumer (no group, positioned at the end of the camera's partitions), which exists only
 * while that viewer is connected: the live view costs nothing when nobody watches.
 */
final class LiveView {
    private static final Logger log = LoggerFactory.getLogger(LiveView.class);
    private static final String BOUNDARY = "vigilframe";
    /** A tab left open forever still ends: the page reconnects. */
    private static final Duration MAX_VIEW = Duration.ofMinutes(30);
    /** Without a new frame for this long the last one is sent again: keeps the tile alive and notices a viewer that left. */
    private static final long REPEAT_NANOS = 2_000_000_000L;
    private static final int LOOK_BACK = 50;
    /**
     * How long a frame waits for its objects record, which the detector writes after it has processed the frame
     * (and, exactly-once, after its transaction commits); later, the frame goes out without boxes.
     */
    private static final long WAIT_FOR_OBJECTS_NANOS = 1_000_000_000L;
    /** With no objects record of the camera for this long the detector is not keeping up (or down): frames do not wait. */
    private static final long DETECTOR_SILENT_NANOS = 5_000_000_000L;

    private final Map<String, Object> kafka;
    private final String framesTopic;
    private final String objectsTopic;
    private final AtomicInteger viewers = new AtomicInteger();
    private volatile boolean closed;

    /** @param kafka Kafka client settings: bootstrap.servers and the config's kafka.properties */
    LiveView(Map<String, Object> kafka, String framesTopic, String objectsTopic) {
        this.kafka = Map.copyOf(kafka);
        this.framesTopic = framesTopic;
        this.objectsTopic = objectsTopic;
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

    void stream(Context ctx) {
        String camera = ctx.pathParam("id");
        ctx.res().setContentType("multipart/x-mixed-replace; boundary=" + BOUNDARY);
        ctx.res().setHeader("Cache-Control", "no-cache, no-store");
        viewers.incrementAndGet();
        long until = System.nanoTime() + MAX_VIEW.toNanos();
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-sink-live-" + camera);
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(partitions(consumer, framesTopic));
            partitions.addAll(partitions(consumer, objectsTopic));
            consumer.assign(partitions);
            OutputStream out = ctx.res().getOutputStream();
            ctx.res().flushBuffer(); // the headers now: a camera without frames yet is still a stream
            Viewer viewer = new Viewer(camera, out);
            lookBack(consumer, partitions, viewer);
            viewer.sendLatest();
            while (!closed && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) viewer.accept(r, true);
                viewer.flush();
                viewer.repeatWhenIdle();
            }
        } catch (IOException e) {
            // the viewer went away
        } catch (RuntimeException e) {
            log.warn("Live view of camera {} ended: {}", camera, e.toString());
        } finally {
            viewers.decrementAndGet();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /**
     * Reads the last {@link #LOOK_BACK} records of each partition (other cameras share them), so a viewer sees the
     * camera's newest frame, with its boxes, at once; leaves the consumer at the end of the topics.
     */
    private static void lookBack(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Viewer viewer) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        ends.forEach((tp, end) -> consumer.seek(tp, Math.max(0, end - LOOK_BACK)));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) viewer.accept(r, false);
        }
    }

    private record Frame(long time, byte[] jpeg, long arrivedNanos) {}

    /** One viewer's frames waiting for their objects records, and the objects records waiting for their frames. */
    private final class Viewer {
        private final String camera;
        private final OutputStream out;
        private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
        /** Objects records by capture time, only those newer than the last frame sent. */
        private final TreeMap<Long, FrameObjects> objects = new TreeMap<>();
        private long objectsSeenNanos = Long.MIN_VALUE;
        private Frame latest;
        private byte[] lastSent;
        private long lastSentNanos;

        Viewer(String camera, OutputStream out) {
            this.camera = camera;
            this.out = out;
        }

        /** @param live false while looking back: only the newest frame is kept */
        void accept(ConsumerRecord<String, byte[]> r, boolean live) {
            if (!camera.equals(r.key()) || r.value() == null) return;
            if (r.topic().equals(framesTopic)) {
                latest = new Frame(r.timestamp(), r.value(), System.nanoTime());
                if (live) waiting.add(latest);
            } else {
                FrameObjects o;
                try {
                    o = Json.read(r.value(), FrameObjects.class);
                } catch (RuntimeException e) {
                    return; // not a picture's business: the frame goes out without boxes
                }
                if (o == null || o.objects() == null) return;
                objects.put(r.timestamp(), o);
                if (live) objectsSeenNanos = System.nanoTime(); // an old record looked back at says nothing about the detector now
                while (objects.size() > 4 * LOOK_BACK) objects.pollFirstEntry();
            }
        }

        /** The newest frame of the look back, drawn when its objects record was there too. */
        void sendLatest() throws IOException {
            if (latest != null) send(latest, objects.get(latest.time()));
        }

        /** Sends the waiting frames in order: drawn once their objects came, plain once they will not come. */
        void flush() throws IOException {
            long now = System.nanoTime();
            boolean detectorSilent = objectsSeenNanos == Long.MIN_VALUE || now - objectsSeenNanos > DETECTOR_SILENT_NANOS;
            while (!waiting.isEmpty()) {
                Frame f = waiting.peek();
                FrameObjects o = objects.get(f.time());
                // the detector processes a camera's frames in order: objects of a later frame mean none will come for this one
                boolean noneComing = detectorSilent || now - f.arrivedNanos() > WAIT_FOR_OBJECTS_NANOS
                        || (!objects.isEmpty() && objects.lastKey() > f.time());
                if (o == null && !noneComing) return;
                waiting.poll();
                send(f, o);
            }
        }

        private void send(Frame f, FrameObjects o) throws IOException {
            lastSent = o == null ? f.jpeg() : FrameOverlay.draw(f.jpeg(), o);
            write(out, lastSent);
            lastSentNanos = System.nanoTime();
            objects.headMap(f.time(), true).clear();
        }

        void repeatWhenIdle() throws IOException {
            if (lastSent != null && System.nanoTime() - lastSentNanos > REPEAT_NANOS) {
                write(out, lastSent);
                lastSentNanos = System.nanoTime();
            }
        }
    }
}
