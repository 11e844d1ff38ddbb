package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.Json;
import io.vigil.common.RecordingSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder against a real RTSP camera (GStreamer serving the H.264 sample) and a real broker: MP4 segments
 * written without re-encoding (checked with Debian's ffprobe), contiguous, announced on the recordings topic (read
 * with Kafka's own consumer); it survives the camera going away and reports a full or unwritable disk.
 */
class RecorderIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = TestKitCluster.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    private static IngestService.Builder ingest(String run) {
        return IngestService.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                .framesTopic("frames." + run).statusTopic("status." + run).recordingsTopic("recordings." + run)
                .watchdog(Duration.ofSeconds(3)).ioTimeout(Duration.ofSeconds(2))
                .backoff(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void recordsContiguousUnchangedSegmentsAndSurvivesTheCameraGoingAway(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path root = dir.resolve("recordings");
        try (RtspServer camera = RtspServer.start(Footage.SAMPLE, "door")) {
            try (IngestService ingest = ingest(run).camera(CameraSettings.of("door", camera.url()))
                    .recordingsDir(root).record("door", 5).start()) {
                // about 40 s of recording in all, as the issue asks: 6 segments of 5 s, the drop, then 2 more
                await().atMost(Duration.ofSeconds(80)).until(() -> ingest.recorderStatus("door").segments() >= 6);
                assertThat(ingest.recorderStatus("door").state()).isEqualTo(RecorderStatus.RECORDING);
                assertThat(ingest.recorderStatus("door").error()).isNull();

                camera.kill();
                await().atMost(Duration.ofSeconds(30)).until(() -> RecorderStatus.RECONNECTING.equals(ingest.recorderStatus("door").state()));
                assertThat(ingest.recorderStatus("door").error()).contains("camera door").doesNotContain("null");
                long before = ingest.recorderStatus("door").segments();
                camera.start();
                await().atMost(Duration.ofSeconds(40)).until(() -> ingest.recorderStatus("door").segments() >= before + 2);
                assertThat(ingest.recorderStatus("door").state()).isEqualTo(RecorderStatus.RECORDING);
            }
        }
        List<RecordingSegment> announced = announced("recordings." + run);
        assertThat(announced).hasSizeGreaterThanOrEqualTo(8);
        List<Path> files;
        try (var walk = Files.walk(root.resolve("door"))) {
            files = walk.filter(p -> p.toString().endsWith(".mp4") && !p.toString().contains(".partial")).sorted().toList();
        }
        assertThat(announced.stream().map(s -> Path.of(s.path())).sorted().toList()).containsAll(files);
        for (RecordingSegment s : announced) {
            Path f = Path.of(s.path());
            assertThat(f).exists().startsWith(root.resolve("door"));
            assertThat(f.getParent().getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(s.bytes()).isEqualTo(Files.size(f));
            assertThat(s.source()).isEqualTo(RecordingSegment.SEGMENT);
            // not re-encoded: the camera's codec and size, as Debian's ffprobe sees it
            assertThat(Footage.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", f.toString())).trim()).isEqualTo("h264,768,576");
            double probed = Double.parseDouble(Footage.run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                    "-of", "csv=p=0", f.toString())).trim());
            double declared = Duration.between(s.start(), s.end()).toMillis() / 1000.0;
            assertThat(probed).as("duration of %s", f).isCloseTo(declared, org.assertj.core.data.Offset.offset(0.5));
        }
        List<RecordingSegment> sorted = announced.stream().sorted(Comparator.comparing(RecordingSegment::start)).toList();
        int gapsOverASegment = 0;
        for (int i = 1; i < sorted.size(); i++) {
            Duration gap = Duration.between(sorted.get(i - 1).end(), sorted.get(i).start());
            assertThat(gap).as("overlap between segments %d and %d", i - 1, i).isGreaterThan(Duration.ofMillis(-1100));
            if (gap.compareTo(Duration.ofSeconds(5)) >= 0) gapsOverASegment++;
        }
        // the camera was away once: at most that one gap is longer than a segment
        assertThat(gapsOverASegment).isLessThanOrEqualTo(1);
        // while the camera was up, segments follow each other with gaps under one segment
        for (int i = 1; i < 4; i++) {
            assertThat(Duration.between(sorted.get(i - 1).end(), sorted.get(i).start())).isLessThan(Duration.ofSeconds(1));
            assertThat(Duration.between(sorted.get(i).start(), sorted.get(i).end()).toMillis()).isBetween(3000L, 7000L);
        }
    }

    @Test
    void aDiskThatIsFullOrNotWritableIsReportedClearly(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path recording = Footage.clip(dir, "lobby.mp4", 3);
        try (IngestService ingest = ingest(run)
                .camera(CameraSettings.of("lobby", recording.toString())).record("lobby", 5)
                .recordingsDir(notADirectory.resolve("recordings")).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> RecorderStatus.FAILED.equals(ingest.recorderStatus("lobby").state()));
            assertThat(ingest.recorderStatus("lobby").error()).contains("camera lobby").contains("cannot be created")
                    .contains(notADirectory.toString());
        }
        try (IngestService ingest = ingest(run + "b")
                .camera(CameraSettings.of("lobby", recording.toString())).record("lobby", 5)
                .recordingsDir(dir.resolve("full")).minFreeBytes(Long.MAX_VALUE).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> RecorderStatus.FAILED.equals(ingest.recorderStatus("lobby").state()));
            assertThat(ingest.recorderStatus("lobby").error()).contains("camera lobby").contains("disk full").contains("MB free");
        }
    }

    private static List<RecordingSegment> announced(String topic) {
        List<RecordingSegment> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "check-" + topic, "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    RecordingSegment s = Json.read(r.value(), RecordingSegment.class);
                    assertThat(r.key()).isEqualTo(s.key());
                    out.add(s);
                }
                if (!out.isEmpty() && c.assignment().stream().allMatch(tp -> c.position(tp) >= c.endOffsets(List.of(tp)).get(tp))) break;
            }
        }
        return out;
    }
}
