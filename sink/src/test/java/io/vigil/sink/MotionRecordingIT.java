package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;
import io.vigil.common.FrameObjects;
import io.vigil.common.Json;
import io.vigil.common.MotionSpan;
import io.vigil.common.RecordingSegment;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording modes motion and events through the running sink: segments announced on the recordings topic, the
 * detector's motion spans on the motion topic (start, then end, as the detector publishes them), its alerts, and its
 * record of every processed frame on the objects topic go through the real broker into SQLite; retention then keeps
 * only the segments motion or an alert touched, with pre/post capture, as GET /api/recordings and the disk show, and
 * decides nothing the detector has not processed yet.
 */
class MotionRecordingIT {
    @TempDir Path dir;
    private final String cam = "porch-" + UUID.randomUUID().toString().substring(0, 6);
    private final Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private SinkFixture sink(TestDatabase database, String mode) {
        VigilConfig.Record record = new VigilConfig.Record();
        record.mode = mode;
        return new SinkFixture(database.jdbcUrl(), null, new RecordingSettings("unused", null, 0, Map.of(cam, record)));
    }

    /** Segments {@code from} .. {@code to - 1} of 10 s from {@code base}, announced as the recorder does. */
    private List<RecordingSegment> record(SinkFixture f, int from, int to) throws Exception {
        List<RecordingSegment> segments = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Path file = Files.write(dir.resolve(i + ".mp4"), new byte[1000]);
            Instant start = base.plusSeconds(10L * i);
            segments.add(new RecordingSegment(cam, start, start.plusSeconds(10), file.toString(), 1000, RecordingSegment.SEGMENT));
        }
        segments.forEach(s -> Recorded.announce(f, s));
        return segments;
    }

    /** A walk-by, as the detector publishes it: the span's start when it opens, then the span with its end. */
    private void motion(SinkFixture f, int fromSecond, int toSecond) {
        f.sendRaw(f.motionTopic, cam, Json.bytes(new MotionSpan(cam, base.plusSeconds(fromSecond), null)));
        f.sendRaw(f.motionTopic, cam, Json.bytes(new MotionSpan(cam, base.plusSeconds(fromSecond), base.plusSeconds(toSecond))));
    }

    /** The detector's record of a processed frame (nothing tracked), timestamped with the frame's capture time. */
    private void detectorProcessed(SinkFixture f, Instant frameTime) {
        f.sendRaw(f.objectsTopic, cam, Json.bytes(new FrameObjects(cam, frameTime, 768, 576, false, List.of())), frameTime);
    }

    /**
     * Runs retention until it has deleted {@code n} segments in all (the sink counts what it consumed once it has
     * caught up on all its topics, a poll after the offsets were committed), then checks it deleted no more.
     */
    private static void assertDeletes(SinkFixture f, int n) {
        java.util.concurrent.atomic.AtomicInteger deleted = new java.util.concurrent.atomic.AtomicInteger();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> deleted.addAndGet(f.sink.deleteExpiredRecordings()) >= n);
        assertThat(deleted.get()).isEqualTo(n);
    }

    private void assertLeft(SinkFixture f, List<RecordingSegment> all, List<RecordingSegment> kept) throws Exception {
        JsonNode left = f.getJson("/api/recordings?camera=" + cam).path("recordings");
        assertThat(left).extracting(r -> r.path("path").asText())
                .containsExactlyElementsOf(kept.stream().map(RecordingSegment::path).toList());
        for (RecordingSegment s : all) {
            assertThat(Path.of(s.path()).toFile().exists()).as("%s on disk", s.path()).isEqualTo(kept.contains(s));
        }
    }

    @Test
    void onlyTheSegmentsTheMotionTouchedOutliveTheRetentionPass() throws Exception {
        try (TestDatabase database = TestDatabase.sqlite(); SinkFixture f = sink(database, "motion")) {
            List<RecordingSegment> segments = record(f, 0, 6);
            // someone walks by from 22 s to 24 s: with the default 5 s pre/post capture, segments 1 and 2 are touched
            motion(f, 22, 24);
            detectorProcessed(f, Instant.now());
            f.awaitStored();
            assertThat(f.getJson("/api/recordings?camera=" + cam).path("recordings")).hasSize(6);

            assertDeletes(f, 4);

            assertLeft(f, segments, List.of(segments.get(1), segments.get(2)));
        }
    }

    @Test
    void aDetectorBehindTheRecorderKeepsTheSegmentsUntilItHasCaughtUp() throws Exception {
        try (TestDatabase database = TestDatabase.sqlite(); SinkFixture f = sink(database, "motion")) {
            List<RecordingSegment> segments = record(f, 0, 6);
            f.awaitStored();
            assertThat(f.sink.deleteExpiredRecordings()).as("no detector has processed the camera").isZero();

            // the detector is an hour behind: it has processed the frames up to 25 s, with motion from 22 s to 24 s
            motion(f, 22, 24);
            detectorProcessed(f, base.plusSeconds(25));
            f.awaitStored();
            assertThat(f.sink.deleteExpiredRecordings()).as("the detector has not processed the frames after them").isZero();
            assertLeft(f, segments, segments);

            // it catches up, and finds someone walking by from 52 s to 53 s on the way
            motion(f, 52, 53);
            detectorProcessed(f, Instant.now());
            f.awaitStored();
            assertDeletes(f, 2);
            assertLeft(f, segments, List.of(segments.get(1), segments.get(2), segments.get(4), segments.get(5)));
        }
    }

    @Test
    void anAlertStillActiveKeepsTheSegmentsAfterItsLastUpdate() throws Exception {
        try (TestDatabase database = TestDatabase.sqlite(); SinkFixture f = sink(database, "events")) {
            List<RecordingSegment> segments = new ArrayList<>(record(f, 0, 6));
            // someone comes into view at 22 s and stands still: the alert starts and no update follows
            String id = cam + "-1";
            f.send(SinkFixture.newAlert(id, cam, "person", base.plusSeconds(22)));
            detectorProcessed(f, Instant.now());
            f.awaitStored();
            assertThat(f.getJson("/api/alerts/" + id).path("alert").path("active").asBoolean()).isTrue();
            assertDeletes(f, 1); // the first segment, before its start − 5 s pre capture; all later ones are kept
            assertLeft(f, segments, segments.subList(1, 6));

            // they leave at 63 s: with 5 s post capture the segment 60-70 s is kept, the later ones are not
            f.send(SinkFixture.alert(Alert.END, id, cam, "person", 0.8, base.plusSeconds(22), 41, List.of()));
            segments.addAll(record(f, 6, 9));
            f.awaitStored();
            assertDeletes(f, 2);
            assertLeft(f, segments, segments.subList(1, 7));
        }
    }
}
