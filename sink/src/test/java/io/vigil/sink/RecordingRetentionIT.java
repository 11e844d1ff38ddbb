package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import io.vigil.common.MotionSpan;
import io.vigil.common.RecordingSegment;
import io.vigil.common.config.VigilConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recordings retention on a real SQLite database (mode motion also on the local PostgreSQL) with real files: by age
 * (alerts keep their segments longer), modes events and motion, and the disk cap, which deletes the oldest segments
 * first and never replayed footage.
 */
class RecordingRetentionIT {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    @TempDir Path dir;
    private TestDatabase database;
    private Database db;
    private RecordingIndex index;

    @BeforeEach
    void open() throws Exception {
        use(TestDatabase.sqlite());
    }

    private void use(TestDatabase other) {
        if (db != null) close();
        database = other;
        db = Database.open(database.jdbcUrl());
        index = new RecordingIndex(db);
    }

    private TestDatabase database(String kind) throws Exception {
        return kind.equals("postgres") ? TestDatabase.postgres() : TestDatabase.sqlite();
    }

    @AfterEach
    void close() {
        db.close();
        database.close();
    }

    private RecordingSegment segment(String camera, Instant start, int bytes, String source) throws Exception {
        Path file = dir.resolve(camera).resolve(start.toEpochMilli() + ".mp4");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        RecordingSegment s = new RecordingSegment(camera, start, start.plusSeconds(10), file.toString(), bytes, source);
        try (Connection c = db.connection()) {
            RecordingIndex.store(c, new Incoming.Recording(s.key(), s), NOW.toEpochMilli());
        }
        return s;
    }

    private void alert(String camera, Instant start, Instant end) throws Exception {
        alertStarts(camera, start);
        alertEnds(camera, start, end);
    }

    /** An alert's first event (no end yet); its id follows from its start. */
    private void alertStarts(String camera, Instant start) throws Exception {
        new AlertWriter(db).store(List.of(
                new Incoming.AlertEvent(SinkFixture.newAlert("a-" + start.toEpochMilli(), camera, "person", start))));
    }

    private void alertEnds(String camera, Instant start, Instant end) throws Exception {
        new AlertWriter(db).store(List.of(new Incoming.AlertEvent(new Alert(Alert.END, "a-" + start.toEpochMilli(), camera,
                "person", 0.8, 0.8, null, end, 768, 576, List.of(), start, end, 1))));
    }

    /** Retention as the sink runs it, caught up on its topics, with the detector's progress per camera. */
    private RecordingRetention retention(RecordingSettings settings, Map<String, Instant> processedUntil) {
        return new RecordingRetention(index, settings, Clock.fixed(NOW, ZoneOffset.UTC), RecordingRetention.DiskSpace.FILESYSTEM,
                key -> {}, () -> NOW, processedUntil::get);
    }

    /** The detector's progress just past what a segment ending at {@code end} needs with 5 s pre/post capture. */
    private static Instant justPast(Instant end) {
        return end.plus(RecordingRetention.ALERT_GRACE).plusSeconds(6);
    }

    /** A span of motion as the sink stores what it consumes from vigil.motion (end null: still going on). */
    private void motion(String camera, Instant start, Instant end) throws Exception {
        new AlertWriter(db).store(List.of(new Incoming.Motion(new MotionSpan(camera, start, end))));
    }

    private static VigilConfig.Record record(String mode, int days, int eventDays) {
        VigilConfig.Record r = new VigilConfig.Record();
        r.mode = mode;
        r.retainDays = days;
        r.eventsRetainDays = eventDays;
        return r;
    }

    private List<String> remaining() throws Exception {
        return index.find(null, null, null, 1000).stream().map(RecordingIndex.Entry::path).toList();
    }

    @Test
    void segmentsOutliveTheirRetentionOnlyWhenAnAlertTouchedThem() throws Exception {
        Instant tenDaysAgo = NOW.minus(10, ChronoUnit.DAYS);
        RecordingSegment quiet = segment("door", tenDaysAgo.minusSeconds(60), 100, RecordingSegment.SEGMENT);
        RecordingSegment eventful = segment("door", tenDaysAgo.plusSeconds(10), 100, RecordingSegment.SEGMENT);
        // an alert 3 s after this segment's end: its 5 s pre_capture reaches into it
        RecordingSegment justBefore = segment("door", tenDaysAgo.plusSeconds(100), 100, RecordingSegment.SEGMENT);
        alert("door", tenDaysAgo.plusSeconds(113), tenDaysAgo.plusSeconds(118));
        alert("door", tenDaysAgo.plusSeconds(12), tenDaysAgo.plusSeconds(15));
        RecordingSegment ancientEvent = segment("door", NOW.minus(40, ChronoUnit.DAYS), 100, RecordingSegment.SEGMENT);
        alert("door", NOW.minus(40, ChronoUnit.DAYS).plusSeconds(2), NOW.minus(40, ChronoUnit.DAYS).plusSeconds(4));
        RecordingSegment recent = segment("door", NOW.minus(1, ChronoUnit.DAYS), 100, RecordingSegment.SEGMENT);
        RecordingSegment replayedOld = segment("door", NOW.minus(100, ChronoUnit.DAYS), 100, RecordingSegment.FILE);

        RecordingSettings settings = new RecordingSettings("t", null, 0, Map.of("door", record("all", 7, 30)));
        int deleted = new RecordingRetention(index, settings, Clock.fixed(NOW, ZoneOffset.UTC), RecordingRetention.DiskSpace.FILESYSTEM).runOnce();

        assertThat(deleted).isEqualTo(2);
        assertThat(remaining()).containsExactlyInAnyOrder(eventful.path(), justBefore.path(), recent.path(), replayedOld.path());
        assertThat(Path.of(quiet.path())).doesNotExist();
        assertThat(Path.of(ancientEvent.path())).doesNotExist();
        assertThat(Path.of(replayedOld.path())).exists();
        assertThat(Path.of(eventful.path())).exists();
    }

    @Test
    void modeEventsKeepsOnlySegmentsAnAlertTouchedOnceAlertsCanNoLongerArrive() throws Exception {
        Instant hourAgo = NOW.minus(1, ChronoUnit.HOURS);
        RecordingSegment untouched = segment("yard", hourAgo, 100, RecordingSegment.SEGMENT);
        RecordingSegment touched = segment("yard", hourAgo.plusSeconds(10), 100, RecordingSegment.SEGMENT);
        RecordingSegment afterPost = segment("yard", hourAgo.plusSeconds(20), 100, RecordingSegment.SEGMENT);
        RecordingSegment tooLate = segment("yard", hourAgo.plusSeconds(40), 100, RecordingSegment.SEGMENT);
        alert("yard", hourAgo.plusSeconds(16), hourAgo.plusSeconds(17)); // pre 5 s stops short of the first segment, post 5 s reaches into the third
        RecordingSegment fresh = segment("yard", NOW.minusSeconds(30), 100, RecordingSegment.SEGMENT);

        RecordingSettings settings = new RecordingSettings("t", null, 0, Map.of("yard", record("events", 7, 30)));
        new RecordingRetention(index, settings, Clock.fixed(NOW, ZoneOffset.UTC), RecordingRetention.DiskSpace.FILESYSTEM).runOnce();

        assertThat(remaining()).containsExactlyInAnyOrder(touched.path(), afterPost.path(), fresh.path());
        assertThat(Path.of(untouched.path())).doesNotExist();
        assertThat(Path.of(tooLate.path())).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void modeMotionKeepsOnlySegmentsAMotionSpanOrAnAlertTouchedWithPrePostCapture(String kind) throws Exception {
        use(database(kind));
        Instant h = NOW.minus(1, ChronoUnit.HOURS);
        List<RecordingSegment> s = new ArrayList<>();
        for (int i = 0; i < 9; i++) s.add(segment("yard", h.plusSeconds(10L * i), 100, RecordingSegment.SEGMENT));
        motion("yard", h.plusSeconds(22), h.plusSeconds(23));   // pre 5 s reaches into s1, touches s2; post stops short of s3
        alert("yard", h.plusSeconds(52), h.plusSeconds(53));    // pre 5 s reaches into s4, touches s5; post stops short of s6
        motion("yard", h.plusSeconds(78), null);                // still going on: s7, s8 and whatever follows
        motion("other", h, h.plusSeconds(60));                  // another camera's motion keeps nothing of this one
        RecordingSegment fresh = segment("yard", NOW.minusSeconds(40), 100, RecordingSegment.SEGMENT);
        Instant tenDaysAgo = NOW.minus(10, ChronoUnit.DAYS);
        RecordingSegment oldMotion = segment("yard", tenDaysAgo, 100, RecordingSegment.SEGMENT);
        motion("yard", tenDaysAgo.plusSeconds(2), tenDaysAgo.plusSeconds(4));
        RecordingSegment oldAlert = segment("yard", tenDaysAgo.plusSeconds(100), 100, RecordingSegment.SEGMENT);
        alert("yard", tenDaysAgo.plusSeconds(102), tenDaysAgo.plusSeconds(104));
        motion("yard", tenDaysAgo.plusSeconds(102), tenDaysAgo.plusSeconds(104));

        RecordingSettings settings = new RecordingSettings("t", null, 0, Map.of("yard", record("motion", 7, 30)));
        int deleted = new RecordingRetention(index, settings, Clock.fixed(NOW, ZoneOffset.UTC), RecordingRetention.DiskSpace.FILESYSTEM).runOnce();

        List<RecordingSegment> kept = List.of(s.get(1), s.get(2), s.get(4), s.get(5), s.get(7), s.get(8), fresh, oldAlert);
        List<RecordingSegment> gone = List.of(s.get(0), s.get(3), s.get(6), oldMotion);
        assertThat(deleted).isEqualTo(gone.size());
        assertThat(remaining()).containsExactlyInAnyOrderElementsOf(kept.stream().map(RecordingSegment::path).toList());
        kept.forEach(k -> assertThat(Path.of(k.path())).exists());
        gone.forEach(g -> assertThat(Path.of(g.path())).doesNotExist());
        // spans older than retain_days can keep nothing any more and are gone; the recent ones stay
        MotionIndex spans = index.motion();
        assertThat(spans.find("yard", tenDaysAgo.minusSeconds(60), tenDaysAgo.plusSeconds(600))).isEmpty();
        assertThat(spans.find("yard", h, NOW)).containsExactly(new MotionSpan("yard", h.plusSeconds(22), h.plusSeconds(23)),
                new MotionSpan("yard", h.plusSeconds(78), null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void aRedeliveredStartDoesNotReopenASpanAndASpanLeftOpenIsClosedByTheNext(String kind) throws Exception {
        use(database(kind));
        Instant t = NOW.minus(1, ChronoUnit.HOURS);
        motion("yard", t, null);
        motion("yard", t, t.plusSeconds(8));
        motion("yard", t, null); // the start again: at-least-once delivery after a sink crash
        motion("yard", t.plusSeconds(30), null); // a detector that lost its state never ends this one
        motion("yard", t.plusSeconds(600), null);
        assertThat(index.motion().find("yard", t, NOW)).containsExactly(new MotionSpan("yard", t, t.plusSeconds(8)),
                new MotionSpan("yard", t.plusSeconds(30), t.plusSeconds(600)), new MotionSpan("yard", t.plusSeconds(600), null));
    }

    @Test
    void modeMotionDeletesNothingUntilTheSinkHasHeardEverythingThatCouldTouchASegment() throws Exception {
        Instant h = NOW.minus(1, ChronoUnit.HOURS);
        RecordingSegment quiet = segment("yard", h, 100, RecordingSegment.SEGMENT);
        AtomicReference<Instant> heard = new AtomicReference<>(Instant.MIN);
        RecordingSettings settings = new RecordingSettings("t", null, 0, Map.of("yard", record("motion", 7, 30)));
        RecordingRetention retention = new RecordingRetention(index, settings, Clock.fixed(NOW, ZoneOffset.UTC),
                RecordingRetention.DiskSpace.FILESYSTEM, key -> {}, heard::get, camera -> NOW);

        assertThat(retention.runOnce()).as("the sink has not caught up since it started").isZero();
        heard.set(h.plusSeconds(10).plus(RecordingRetention.ALERT_GRACE)); // a span starting 5 s after the end may still come
        assertThat(retention.runOnce()).as("heard up to less than grace and pre capture after the segment").isZero();
        assertThat(remaining()).containsExactly(quiet.path());
        heard.set(NOW);
        assertThat(retention.runOnce()).isEqualTo(1);
        assertThat(Path.of(quiet.path())).doesNotExist();

        // a segment indexed only now (the sink caught up on the recordings topic) is decided although it ended long ago
        RecordingSegment late = segment("yard", h.plusSeconds(600), 100, RecordingSegment.SEGMENT);
        RecordingSegment lateWithMotion = segment("yard", h.plusSeconds(700), 100, RecordingSegment.SEGMENT);
        motion("yard", h.plusSeconds(702), h.plusSeconds(704));
        assertThat(retention.runOnce()).isEqualTo(1);
        assertThat(remaining()).containsExactly(lateWithMotion.path());
        assertThat(Path.of(late.path())).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void modesMotionAndEventsDecideASegmentOnlyOnceTheDetectorHasProcessedTheFramesAfterIt(String kind) throws Exception {
        use(database(kind));
        Instant h = NOW.minus(1, ChronoUnit.HOURS);
        List<RecordingSegment> yard = new ArrayList<>(); // mode motion
        for (int i = 0; i < 8; i++) yard.add(segment("yard", h.plusSeconds(10L * i), 100, RecordingSegment.SEGMENT));
        List<RecordingSegment> door = new ArrayList<>(); // mode events
        for (int i = 0; i < 3; i++) door.add(segment("door", h.plusSeconds(10L * i), 100, RecordingSegment.SEGMENT));
        RecordingSegment gate = segment("gate", NOW.minus(10, ChronoUnit.DAYS), 100, RecordingSegment.SEGMENT); // mode all
        Map<String, Instant> processed = new java.util.concurrent.ConcurrentHashMap<>();
        RecordingRetention retention = retention(new RecordingSettings("t", null, 0, Map.of("yard", record("motion", 7, 30),
                "door", record("events", 7, 30), "gate", record("all", 7, 30))), processed);

        assertThat(retention.runOnce()).as("no detector has processed the cameras: only retain_days deletes").isEqualTo(1);
        assertThat(Path.of(gate.path())).doesNotExist();

        // the detector is an hour behind: it has seen motion from 22 s to 24 s and processed nothing after 25 s
        motion("yard", h.plusSeconds(22), h.plusSeconds(24));
        processed.put("yard", h.plusSeconds(25));
        processed.put("door", h.plusSeconds(25));
        assertThat(retention.runOnce()).isZero();
        assertThat(remaining()).hasSize(11);

        // on yard it gets just past what the first segment needs, finding motion from 52 s to 53 s on the way:
        // that segment is decided, no other
        motion("yard", h.plusSeconds(52), h.plusSeconds(53));
        processed.put("yard", justPast(yard.get(0).end()));
        assertThat(retention.runOnce()).as("yard's first segment, which no motion touched").isEqualTo(1);
        assertThat(Path.of(yard.get(0).path())).doesNotExist();

        // it catches up on both, having found an alert at the door from 30 s to 32 s
        alert("door", h.plusSeconds(30), h.plusSeconds(32));
        processed.put("yard", NOW);
        processed.put("door", NOW);
        assertThat(retention.runOnce()).isEqualTo(5);

        List<RecordingSegment> kept = List.of(yard.get(1), yard.get(2), yard.get(4), yard.get(5), door.get(2));
        assertThat(remaining()).containsExactlyInAnyOrderElementsOf(kept.stream().map(RecordingSegment::path).toList());
        kept.forEach(k -> assertThat(Path.of(k.path())).exists());
        List.of(yard.get(3), yard.get(6), yard.get(7), door.get(0), door.get(1))
                .forEach(g -> assertThat(Path.of(g.path())).doesNotExist());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void anAlertStillActiveKeepsEverySegmentFromItsStartOnUntilItEnds(String kind) throws Exception {
        use(database(kind));
        Instant h = NOW.minus(1, ChronoUnit.HOURS);
        List<RecordingSegment> hall = new ArrayList<>();
        for (int i = 0; i < 6; i++) hall.add(segment("hall", h.plusSeconds(10L * i), 100, RecordingSegment.SEGMENT));
        Map<String, Instant> processed = new java.util.concurrent.ConcurrentHashMap<>();
        RecordingRetention retention = retention(new RecordingSettings("t", null, 0, Map.of("hall", record("events", 7, 30))),
                processed);

        // someone comes into view at 12 s and stands still: the alert starts and no update follows
        alertStarts("hall", h.plusSeconds(12));
        processed.put("hall", justPast(hall.get(5).end()));
        assertThat(retention.runOnce()).isZero();
        assertThat(remaining()).hasSize(6);

        // they leave at 190 s: with 5 s post capture the segment from 190 s is kept, the one from 200 s is not
        alertEnds("hall", h.plusSeconds(12), h.plusSeconds(190));
        RecordingSegment leaving = segment("hall", h.plusSeconds(190), 100, RecordingSegment.SEGMENT);
        RecordingSegment after = segment("hall", h.plusSeconds(200), 100, RecordingSegment.SEGMENT);
        processed.put("hall", NOW);
        assertThat(retention.runOnce()).isEqualTo(1);
        assertThat(Path.of(after.path())).doesNotExist();
        hall.add(leaving);
        assertThat(remaining()).containsExactlyInAnyOrderElementsOf(hall.stream().map(RecordingSegment::path).toList());
    }

    @Test
    void theDiskCapDeletesTheOldestSegmentsFirstUntilEnoughIsFree() throws Exception {
        List<RecordingSegment> segments = new ArrayList<>();
        Instant start = NOW.minus(2, ChronoUnit.HOURS);
        RecordingSegment replayed = segment("door", start.minus(1, ChronoUnit.DAYS), 50_000, RecordingSegment.FILE);
        for (int i = 0; i < 10; i++) {
            // two cameras interleaved: oldest first across cameras
            segments.add(segment(i % 2 == 0 ? "door" : "yard", start.plusSeconds(10L * i), 10_000, RecordingSegment.SEGMENT));
        }
        // a volume of 200 kB holding the recordings (150 kB used): 50 kB free, the cap asks for 85 kB
        RecordingRetention.DiskSpace volume = d -> 200_000 - used(dir);
        RecordingSettings settings = new RecordingSettings("t", dir, 85_000, Map.of());
        int deleted = new RecordingRetention(index, settings, Clock.fixed(NOW, ZoneOffset.UTC), volume).enforceDiskCap();

        assertThat(deleted).isEqualTo(4);
        assertThat(remaining()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of(replayed.path()),
                        segments.subList(4, 10).stream().map(RecordingSegment::path)).toList());
        segments.subList(0, 4).forEach(s -> assertThat(Path.of(s.path())).doesNotExist());
        assertThat(Path.of(replayed.path())).exists();
    }

    private static long used(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
