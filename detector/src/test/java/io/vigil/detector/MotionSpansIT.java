package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.FrameHeaders;
import io.vigil.common.Json;
import io.vigil.common.MotionSpan;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.vision.ObjectDetector;
import io.vigil.vision.TestModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running detector on a real broker turns real footage into motion spans on vigil.motion, read back with Kafka's
 * own consumer: a still scene gives none, people walking through give one span (not one per frame) that survives the
 * detector being replaced in the middle of it, and motion after the stream was away is a span of its own.
 */
class MotionSpansIT {
    private static final Instant T0 = Instant.parse("2026-11-20T22:00:00Z");
    private static final long FRAME_MS = 200;
    private static EmbeddedKafka kafka;
    private static ObjectDetector model;

    @TempDir Path stateDir;

    @BeforeAll
    static void start() {
        kafka = TestKitCluster.start(1);
        TopicSetup.ensure(kafka.clientConfig(), 2, (short) 1);
        model = TestModels.nanodet();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    /** A frame of the sample (1..30: people walking, 200 ms apart) at {@code millis} after T0. */
    private record Frame(String camera, int image, long millis) {}

    @Test
    void aWalkByIsOneSpanAcrossADetectorHandOverAndMotionAfterAGapIsAnother() throws Exception {
        List<Frame> first = new ArrayList<>();
        List<Frame> second = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 15; i++, t += FRAME_MS) {           // 0 - 2.8 s: a still scene
            first.add(new Frame("lobby", 1, t));
            first.add(new Frame("empty", 1, t));
        }
        long walkStart = t;                                      // 3.0 s: people walk (frames 2..30)
        for (int image = 2; image <= 30; image++, t += FRAME_MS) {
            (image <= 15 ? first : second).add(new Frame("lobby", image, t));
        }
        long walkEnd = t - FRAME_MS;                             // 8.6 s: the last new picture
        for (int i = 0; i < 60; i++, t += FRAME_MS) {           // 12 s still again
            second.add(new Frame("lobby", 30, t));
            second.add(new Frame("empty", 1, t));
        }
        long back = t + 60_000;                                  // the camera was away a minute; it comes back moving
        t = back;
        for (int image = 1; image <= 10; image++, t += FRAME_MS) second.add(new Frame("lobby", image, t));
        for (int i = 0; i < 60; i++, t += FRAME_MS) second.add(new Frame("lobby", 10, t));

        String app = "motion-" + UUID.randomUUID();
        run(app, stateDir.resolve("first"), first);
        List<MotionSpan> afterFirst = spans();
        assertThat(afterFirst).as("the walk-by has started, and is not over").containsExactly(span("lobby", walkStart, null));
        // another instance takes over from the changelog, with nothing on its disk
        run(app, stateDir.resolve("second"), second);

        List<MotionSpan> spans = spans();
        System.out.printf("motion: %s%n", spans);
        assertThat(spans).as("no span for the camera that never moved, and no second start after the hand-over")
                .extracting(MotionSpan::camera).containsOnly("lobby");
        assertThat(spans).hasSize(4);
        assertThat(spans.get(0)).isEqualTo(span("lobby", walkStart, null));
        MotionSpan walk = spans.get(1);
        assertThat(walk.start()).isEqualTo(at(walkStart));
        // the background fades out the last walkers within a few frames (running average, alpha 0.1)
        assertThat(walk.end()).isBetween(at(walkEnd), at(walkEnd + 4_000));
        assertThat(spans.get(2)).isEqualTo(span("lobby", back, null));
        assertThat(spans.get(3).start()).isEqualTo(at(back));
        assertThat(spans.get(3).end()).isBetween(at(back + 9 * FRAME_MS), at(back + 9 * FRAME_MS + 4_000));
    }

    private void run(String app, Path state, List<Frame> frames) throws Exception {
        try (DetectorService detector = new DetectorService(kafka.clientConfig(), app, state, 0, 1,
                TestSettings.detector(), model, null, new SimpleMeterRegistry())) {
            detector.start();
            OnBroker.awaitRunning(detector);
            try (KafkaProducer<String, byte[]> producer = OnBroker.producer(kafka.bootstrapServers())) {
                for (Frame f : frames) {
                    long time = T0.toEpochMilli() + f.millis();
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.FRAMES, null, time, f.camera(),
                            DetectorTopologyIT.frameBytes(f.image()));
                    FrameHeaders.write(r.headers(), f.millis() / FRAME_MS, 640, 480);
                    producer.send(r);
                }
                producer.flush();
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (detector.stats().total(Kind.FRAMES) < frames.size() && System.nanoTime() < deadline) Thread.sleep(200);
            assertThat(detector.stats().total(Kind.FRAMES)).as("frames processed").isEqualTo(frames.size());
        } // closing commits what was processed
    }

    /** The spans on vigil.motion in publishing order; each must match docs/motion.schema.json and be keyed by its camera. */
    private static List<MotionSpan> spans() throws Exception {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("../docs/motion.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        List<MotionSpan> out = new ArrayList<>();
        // a camera's records share a partition, so they come in the order they were published
        for (ConsumerRecord<String, byte[]> r : OnBroker.readAll(kafka.bootstrapServers(), Topics.MOTION)) {
            JsonNode json = Json.MAPPER.readTree(r.value());
            assertThat(schema.validate(json)).as("%s matches docs/motion.schema.json", json).isEmpty();
            MotionSpan s = Topics.MOTION_SPANS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            assertThat(r.key()).isEqualTo(s.camera());
            out.add(s);
        }
        return out;
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static MotionSpan span(String camera, long start, Long end) {
        return new MotionSpan(camera, at(start), end == null ? null : at(end));
    }
}
