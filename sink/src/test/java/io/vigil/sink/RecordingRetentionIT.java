package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings retention on a real SQLite database with real files: by age (alerts keep their segments longer),
 * mode events, and the disk cap, which deletes the oldest segments first and never replayed footage.
 */
class RecordingRetentionIT {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    @TempDir Path dir;
    private TestDatabase database;
    private Database db;
    private RecordingIndex index;

    @BeforeEach
    void open() throws Exception {
        database = TestDatabase.sqlite();
        db = Database.open(database.jdbcUrl());
        index = new RecordingIndex(db);
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
        new AlertWriter(db).store(List.of(
                new Incoming.AlertEvent(SinkFixture.newAlert("a-" + start.toEpochMilli(), camera, "person", start)),
                new Incoming.AlertEvent(new Alert(Alert.END, "a-" + start.toEpochMilli(), camera, "person", 0.8, 0.8,
                        null, end, 768, 576, List.of(), start, end, 1))));
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
