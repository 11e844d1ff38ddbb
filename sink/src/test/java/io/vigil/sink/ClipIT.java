package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;
import io.vigil.common.RecordingSegment;
import io.vigil.common.config.VigilConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event clips through the HTTP API, from recorder segments and from a replayed file, checked with Debian's ffprobe:
 * the camera's codec unchanged, starting on a keyframe, covering the event with pre/post capture to within one GOP,
 * served with HTTP range requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipIT {
    private static final int PRE = 3;
    private static final int POST = 4;
    @TempDir Path dir;
    private TestDatabase database;
    private SinkFixture f;
    private final String cam = "gate-" + UUID.randomUUID().toString().substring(0, 6);
    private final String replayed = "nvr-" + UUID.randomUUID().toString().substring(0, 6);
    private final Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.sqlite();
        VigilConfig.Record record = new VigilConfig.Record();
        record.preCapture = PRE;
        record.postCapture = POST;
        f = new SinkFixture(database.jdbcUrl(), null,
                new RecordingSettings("unused", null, 0, Map.of(cam, record, replayed, record, "live-" + cam, record)));
    }

    @AfterAll
    void stop() {
        if (f != null) f.close();
        if (database != null) database.close();
    }

    @Test
    void anAlertsClipIsCutFromTheSegmentsWithPreAndPostCaptureWithoutReencoding() throws Exception {
        List<RecordingSegment> segments = Recorded.segments(dir.resolve("segments"), cam, base, 40, 5);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(5);
        segments.forEach(s -> Recorded.announce(f, s));
        Instant start = base.plusMillis(13_300);
        Instant end = base.plusMillis(21_700);
        Alert first = SinkFixture.newAlert("p-" + cam, cam, "person", start);
        Alert last = new Alert(Alert.END, first.id(), cam, "person", 0.8, 0.9, first.box(), end, 768, 576, List.of(),
                start, end, 1);
        f.send(first, last);
        f.awaitStored();

        JsonNode listed = f.getJson("/api/recordings?camera=" + cam);
        assertThat(listed.path("recordings")).hasSize(segments.size());
        assertThat(listed.path("recordings").get(0).path("path").asText()).isEqualTo(segments.get(0).path());
        assertThat(f.getJson("/api/recordings?camera=" + cam + "&from=" + base.plusSeconds(12) + "&to=" + base.plusSeconds(14))
                .path("recordings")).hasSizeBetween(1, 2);

        JsonNode alert = f.getJson("/api/alerts/" + first.id()).path("alert");
        assertThat(alert.path("hasClip").asBoolean()).isTrue();
        assertThat(alert.path("clipUrl").asText()).isEqualTo("/api/alerts/" + first.id() + "/clip.mp4");

        Path clip = download(alert.path("clipUrl").asText(), "segments-clip.mp4");
        assertThat(Recorded.codec(clip)).isEqualTo("h264,768,576");
        assertThat(Recorded.startsOnKeyframe(clip)).isTrue();
        double wanted = Duration.between(start, end).toMillis() / 1000.0 + PRE + POST;
        // the clip starts on the keyframe at or before start - pre: up to one GOP longer than asked
        assertThat(Recorded.duration(clip)).isBetween(wanted - 0.25, wanted + Recorded.GOP_SECONDS + 0.25);
        // nothing re-encoded: the clip's packets are the segments' packets
        List<String> source = new java.util.ArrayList<>();
        segments.forEach(s -> source.addAll(Recorded.packetHashes(Path.of(s.path()))));
        assertThat(Recorded.runIn(source, Recorded.packetHashes(clip))).isNotNegative();

        HttpResponse<byte[]> range = f.http.send(HttpRequest.newBuilder(f.uri(alert.path("clipUrl").asText()))
                .header("Range", "bytes=100-199").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).hasSize(100).isEqualTo(java.util.Arrays.copyOfRange(Files.readAllBytes(clip), 100, 200));
        assertThat(range.headers().firstValue("Content-Range").orElse("")).startsWith("bytes 100-199/" + Files.size(clip));
    }

    @Test
    void aReplayedFilesAlertClipIsCutFromThatFile() throws Exception {
        double length = Recorded.duration(Recorded.SAMPLE);
        RecordingSegment file = new RecordingSegment(replayed, base, base.plusMillis(Math.round(length * 1000)),
                Recorded.SAMPLE.toString(), Files.size(Recorded.SAMPLE), RecordingSegment.FILE);
        Recorded.announce(f, file);
        Instant start = base.plusSeconds(30);
        Alert first = SinkFixture.newAlert("p-" + replayed, replayed, "person", start);
        Alert last = new Alert(Alert.END, first.id(), replayed, "person", 0.8, 0.9, first.box(), start.plusSeconds(6),
                768, 576, List.of(), start, start.plusSeconds(6), 1);
        f.send(first, last);
        f.awaitStored();

        JsonNode recordings = f.getJson("/api/recordings?camera=" + replayed).path("recordings");
        assertThat(recordings).hasSize(1);
        assertThat(recordings.get(0).path("source").asText()).isEqualTo("file");
        assertThat(recordings.get(0).path("path").asText()).isEqualTo(Recorded.SAMPLE.toString());

        Path clip = download("/api/alerts/" + first.id() + "/clip.mp4", "replayed-clip.mp4");
        assertThat(Recorded.startsOnKeyframe(clip)).isTrue();
        assertThat(Recorded.duration(clip)).isCloseTo(6 + PRE + POST, within(Recorded.GOP_SECONDS + 0.25));
        List<String> original = Recorded.packetHashes(Recorded.SAMPLE);
        int at = Recorded.runIn(original, Recorded.packetHashes(clip));
        assertThat(at).as("clip's packets are a run of the original file's").isNotNegative();
        // ... starting at the keyframe at or before 30 - 3 = 27 s (10 fps)
        assertThat(at / 10.0).isBetween(27 - Recorded.GOP_SECONDS, 27.0);
    }

    @Test
    void anActiveAlertsClipRunsToTheNewestSegment() throws Exception {
        String live = "live-" + cam;
        List<RecordingSegment> segments = Recorded.segments(dir.resolve("live"), live, base, 30, 5);
        segments.forEach(s -> Recorded.announce(f, s));
        Instant start = base.plusSeconds(14);
        Alert active = SinkFixture.newAlert("p-" + live, live, "person", start);
        f.send(active);
        f.awaitStored();
        Path clip = download("/api/alerts/" + active.id() + "/clip.mp4", "active-clip.mp4");
        double toNewest = Duration.between(start.minusSeconds(PRE), segments.get(segments.size() - 1).end()).toMillis() / 1000.0;
        assertThat(Recorded.duration(clip)).isBetween(toNewest - 0.25, toNewest + Recorded.GOP_SECONDS + 0.25);
    }

    @Test
    void retentionDeletesTheFileTheRowAndPublishesATombstone() throws Exception {
        String old = "old-" + cam;
        Path file = Files.createDirectories(dir.resolve("old")).resolve("seg.mp4");
        Files.copy(Recorded.SAMPLE, file);
        Instant tenDaysAgo = Instant.now().minus(10, ChronoUnit.DAYS);
        RecordingSegment s = new RecordingSegment(old, tenDaysAgo, tenDaysAgo.plusSeconds(10), file.toString(), Files.size(file),
                RecordingSegment.SEGMENT);
        Recorded.announce(f, s);
        f.awaitStored();
        assertThat(f.getJson("/api/recordings?camera=" + old).path("recordings")).hasSize(1);

        assertThat(f.sink.deleteExpiredRecordings()).isEqualTo(1); // default retain_days 7
        assertThat(file).doesNotExist();
        assertThat(f.getJson("/api/recordings?camera=" + old).path("recordings")).isEmpty();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", f.config.kafka().get("bootstrap.servers"), "group.id", "check-" + old, "auto.offset.reset", "earliest"),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(f.recordingsTopic));
            List<byte[]> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline && values.size() < 2) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.key().equals(s.key())) values.add(r.value());
                });
            }
            assertThat(values).hasSize(2);
            assertThat(values.get(1)).as("tombstone").isNull();
        }
    }

    @Test
    void noRecordingMeansNoClip() throws Exception {
        Alert a = SinkFixture.newAlert("p-none-" + cam, "nowhere-" + cam, "person", base);
        f.send(a);
        f.awaitStored();
        assertThat(f.getJson("/api/alerts/" + a.id()).path("alert").path("hasClip").asBoolean()).isFalse();
        assertThat(f.get("/api/alerts/" + a.id() + "/clip.mp4").statusCode()).isEqualTo(404);
    }

    private Path download(String url, String name) throws Exception {
        HttpResponse<byte[]> r = f.getBytes(url);
        assertThat(r.statusCode()).as("GET %s: %s", url, new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("video/mp4");
        Path out = dir.resolve(name);
        Files.write(out, r.body());
        return out;
    }
}
