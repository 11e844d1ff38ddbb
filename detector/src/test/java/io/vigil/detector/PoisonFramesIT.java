package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.Alert;
import io.vigil.common.FrameHeaders;
import io.vigil.common.Json;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.vision.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz test of the running detector on a real broker: thousands of hostile frames interleaved with 30 real
 * frames of one camera. The same 30 frames go, clean, to a reference camera. Both cameras must get the same
 * alerts and motion spans, every hostile frame must land in the dead-letter topic, and no stream thread may die.
 */
class PoisonFramesIT {
    private static final Instant T0 = Instant.parse("2026-11-20T22:00:00Z");
    private static final int HOSTILE = 3000;
    private static final int MAX_FRAME_BYTES = 1 << 20;
    private static EmbeddedKafka kafka;

    @TempDir Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = TestKitCluster.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @Test
    void hostileFramesAreDeadLetteredAndTheRealFootageAlertsAsWithoutThem() throws Exception {
        Map<String, Object> props = kafka.clientConfig();
        TopicSetup.ensure(props, 2, (short) 1);
        DetectorSettings settings = new DetectorSettings(TestSettings.detector().labels(), Map.of(),
                TestSettings.tracker(), 5_000, 25, 0.002, MAX_FRAME_BYTES,
                DetectorSettings.WARM_UP_MILLIS, DetectorSettings.RECONNECT_GAP_MILLIS, 4, 0.5);
        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();

        List<byte[]> real = new ArrayList<>();
        for (int i = 1; i <= 30; i++) real.add(DetectorTopologyIT.frameBytes(i));
        Random random = new Random(13);
        List<Supplier<ProducerRecord<String, byte[]>>> kinds = hostileKinds(real, random);
        int sentHostile = 0;
        Map<String, Integer> perKind = new HashMap<>();

        try (DetectorService detector = new DetectorService(props, "fuzz-" + UUID.randomUUID(), stateDir, 0, 1,
                settings, TestModels.nanodet(), null, new SimpleMeterRegistry())) {
            detector.streams().setStateListener((now, before) -> states.add(now));
            detector.start();
            OnBroker.awaitRunning(detector);
            Set<String> threadsBefore = threadNames(detector);

            try (KafkaProducer<String, byte[]> producer = OnBroker.producer(kafka.bootstrapServers())) {
                int perGap = HOSTILE / real.size();
                for (int i = 0; i < real.size(); i++) {
                    long t = T0.toEpochMilli() + 200L * i;
                    producer.send(frame("reference", real.get(i), t));
                    producer.send(frame("lobby", real.get(i), t));
                    for (int h = 0; h < perGap; h++) {
                        int k = sentHostile % kinds.size();
                        ProducerRecord<String, byte[]> bad = kinds.get(k).get();
                        producer.send(new ProducerRecord<>(Topics.FRAMES, null, t + h % 200, bad.key(), bad.value(), bad.headers()));
                        perKind.merge(kindNames()[k], 1, Integer::sum);
                        sentHostile++;
                    }
                }
                producer.flush();
            }

            long total = sentHostile + 2L * real.size();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (detector.stats().total(Kind.FRAMES) < total && System.nanoTime() < deadline) Thread.sleep(200);
            assertThat(detector.stats().total(Kind.FRAMES)).as("frames processed").isEqualTo(total);
            Thread.sleep(1000); // the last transaction commits

            List<ConsumerRecord<String, byte[]>> dead = OnBroker.readAll(kafka.bootstrapServers(), Topics.DEAD_LETTER);
            List<ConsumerRecord<String, byte[]>> alerts = OnBroker.readAll(kafka.bootstrapServers(), Topics.ALERTS);
            System.out.printf("fuzz: %d hostile frames sent (%s), %d in the dead-letter topic, %d alert events%n",
                    sentHostile, perKind, dead.size(), alerts.size());

            assertThat(dead).as("every hostile frame is dead-lettered, nothing else").hasSize(sentHostile);
            assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader(DeadLetters.REASON_HEADER)).isNotNull());
            assertThat(dead).noneMatch(r -> "reference".equals(r.key()));

            List<String> reference = comparable(alerts, "reference");
            List<String> lobby = comparable(alerts, "lobby");
            System.out.printf("fuzz: %d alert events of the clean camera, %d of the camera with hostile frames%n",
                    reference.size(), lobby.size());
            assertThat(reference).as("the clean footage gives alerts").isNotEmpty();
            assertThat(lobby).as("alerts of the camera with hostile frames").isEqualTo(reference);
            List<ConsumerRecord<String, byte[]>> motion = OnBroker.readAll(kafka.bootstrapServers(), Topics.MOTION);
            assertThat(motionOf(motion, "reference")).as("the clean footage moves").isNotEmpty();
            assertThat(motionOf(motion, "lobby")).as("motion spans of the camera with hostile frames")
                    .isEqualTo(motionOf(motion, "reference"));

            assertThat(detector.threadsReplaced()).as("stream threads replaced").isZero();
            assertThat(threadNames(detector)).as("the same stream threads").isEqualTo(threadsBefore);
            assertThat(states).doesNotContain(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
            assertThat(StreamsErrorHandlers.HANDLED.get()).as("records the processor left to Streams' handlers").isZero();
        }
    }

    private static String[] kindNames() {
        return new String[] {"random bytes", "truncated JPEG", "huge header dimensions", "zero header dimensions",
                "extreme aspect ratio", "tiny JPEG", "PNG", "GIF", "BMP", "empty value", "empty value with headers",
                "oversized value", "oversized JPEG-looking value", "no key", "JPEG marker soup", "SOF without length"};
    }

    private static List<Supplier<ProducerRecord<String, byte[]>>> hostileKinds(List<byte[]> real, Random random) {
        byte[] png = encode(".png", 64, 48);
        byte[] bmp = encode(".bmp", 64, 48);
        byte[] strip = encode(".jpg", 2000, 16);
        byte[] tiny = encode(".jpg", 4, 4);
        byte[] huge = withSize(real.get(0), 30000, 30000);
        byte[] zero = withSize(real.get(0), 0, 480);
        byte[] gif = ("GIF89a" + "\u0040\u0000\u0030\u0000").getBytes(StandardCharsets.ISO_8859_1);
        return List.of(
                () -> lobby(bytes(random, 1 + random.nextInt(4000))),
                () -> {
                    byte[] f = real.get(random.nextInt(real.size()));
                    return lobby(Arrays.copyOf(f, 2 + random.nextInt(f.length - 4)));
                },
                () -> lobby(huge),
                () -> lobby(zero),
                () -> lobby(strip),
                () -> lobby(tiny),
                () -> lobby(png),
                () -> lobby(gif),
                () -> lobby(bmp),
                () -> lobby(new byte[0]),
                () -> withJunkHeaders(lobby(new byte[0]), random),
                () -> lobby(bytes(random, MAX_FRAME_BYTES + 1 + random.nextInt(1000))),
                () -> {
                    byte[] b = Arrays.copyOf(real.get(0), MAX_FRAME_BYTES + 10);
                    b[b.length - 2] = (byte) 0xFF;
                    b[b.length - 1] = (byte) 0xD9;
                    return withJunkHeaders(lobby(b), random);
                },
                () -> new ProducerRecord<>(Topics.FRAMES, null, real.get(0)),
                () -> lobby(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xD9}),
                () -> lobby(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, (byte) 0xFF, (byte) 0xD9}));
    }

    private static ProducerRecord<String, byte[]> lobby(byte[] value) {
        return new ProducerRecord<>(Topics.FRAMES, "lobby", value);
    }

    private static ProducerRecord<String, byte[]> withJunkHeaders(ProducerRecord<String, byte[]> r, Random random) {
        RecordHeaders h = new RecordHeaders();
        h.add(FrameHeaders.WIDTH, "-1".getBytes(StandardCharsets.US_ASCII));
        h.add(FrameHeaders.HEIGHT, bytes(random, 20));
        h.add(FrameHeaders.SEQ, null);
        return new ProducerRecord<>(r.topic(), null, null, r.key(), r.value(), h);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        if (n > 1 && random.nextBoolean()) { // half of them start like a JPEG
            b[0] = (byte) 0xFF;
            b[1] = (byte) 0xD8;
        }
        return b;
    }

    /** The JPEG with the size in its SOF segment replaced. */
    private static byte[] withSize(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 9 < b.length; ) {
            int marker = b[i + 1] & 0xFF;
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker == 0xC0 || marker == 0xC2) {
                b[i + 5] = (byte) (height >> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >> 8);
                b[i + 8] = (byte) width;
                return b;
            }
            i += 2 + length;
        }
        throw new IllegalStateException("no SOF segment");
    }

    private static byte[] encode(String ext, int width, int height) {
        try (Mat m = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(80, 120, 200, 0));
             BytePointer out = new BytePointer()) {
            opencv_imgcodecs.imencode(ext, m, out);
            byte[] b = new byte[(int) out.limit()];
            out.get(b);
            return b;
        }
    }

    private static ProducerRecord<String, byte[]> frame(String camera, byte[] jpeg, long t) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.FRAMES, null, t, camera, jpeg);
        FrameHeaders.write(r.headers(), (t - T0.toEpochMilli()) / 200, 640, 480);
        return r;
    }

    /** Everything but the id and the camera, which differ by construction. */
    private static List<String> comparable(List<ConsumerRecord<String, byte[]>> alerts, String camera) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : alerts) {
            Alert a = Json.read(r.value(), Alert.class);
            if (!camera.equals(a.camera())) continue;
            out.add(a.type() + " " + a.label() + " " + a.seq() + " " + a.frameTime() + " " + a.startTime() + " "
                    + a.score() + " " + a.topScore() + " " + Arrays.toString(a.box()) + " " + a.zones());
        }
        return out;
    }

    /** The camera's motion spans as "start end" (end empty while open), in publishing order. */
    private static List<String> motionOf(List<ConsumerRecord<String, byte[]>> records, String camera) {
        return records.stream().filter(r -> camera.equals(r.key()))
                .map(r -> Json.read(r.value(), io.vigil.common.MotionSpan.class))
                .map(s -> s.start() + " " + (s.end() == null ? "" : s.end())).toList();
    }

    private static Set<String> threadNames(DetectorService d) {
        Set<String> names = new HashSet<>();
        for (ThreadMetadata t : d.streams().metadataForLocalThreads()) names.add(t.threadName());
        return names;
    }
}
