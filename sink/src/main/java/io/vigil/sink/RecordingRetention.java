package io.vigil.sink;

import io.vigil.common.config.VigilConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recorder segments (files and index rows; replayed footage is never touched), every minute:
 * <ul>
 *   <li>by age: older than the camera's {@code retain_days}, unless an alert (widened by pre/post capture) touched
 *       them, which keeps them {@code events_retain_days};</li>
 *   <li>mode {@code motion}: segments neither a motion span nor an alert (both widened by pre/post capture) touched,
 *       once spans and alerts for them can no longer arrive; those with motion are kept {@code retain_days}, as
 *       Frigate's {@code record.retain.mode: motion} keeps them {@code record.retain.days};</li>
 *   <li>mode {@code events}: segments no alert touched, once alerts for them can no longer arrive;</li>
 *   <li>disk cap: while the recordings' filesystem has less than {@code min_free_mb} free, the oldest segments first.</li>
 * </ul>
 * "Can no longer arrive" means: the detector has processed the camera's frames up to {@link #ALERT_GRACE} (and
 * pre/post capture) after the segment's end ({@link DetectorProgress}), and the sink has consumed everything written up
 * to then; so a detector that is down or behind, or a sink catching up after an outage, deletes nothing by mode. A
 * camera the detector has not processed since the sink started keeps its segments (only {@code retain_days} applies):
 * without the detector nobody can tell what had motion or events. An alert still active (no end yet) touches every
 * segment from its start on, like motion still going on. Modes motion and events decide each segment once, when it has
 * settled or when it is indexed later, not again on every pass.
 */
final class RecordingRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingRetention.class);
    /**
     * How long after a segment ends (and pre/post capture) an alert or motion span touching it may still arrive: in
     * stream time after the detector processed the frames (tracker confirmation, the motion span's 5 s hangover), and
     * in wall time after the sink consumed them (broker lag).
     */
    static final Duration ALERT_GRACE = Duration.ofMinutes(2);

    /** Free bytes of the filesystem holding the recordings. */
    interface DiskSpace {
        long free(Path dir) throws IOException;

        DiskSpace FILESYSTEM = dir -> Files.getFileStore(dir).getUsableSpace();
    }

    private final RecordingIndex index;
    private final RecordingSettings settings;
    private final Clock clock;
    private final DiskSpace disk;
    private final java.util.function.Consumer<String> deleted;
    private final java.util.function.Supplier<Instant> heardUntil;
    private final java.util.function.Function<String, Instant> processedUntil;
    /** Cameras in mode motion/events whose segments wait because the detector has not processed them (logged once). */
    private final java.util.Set<String> waitingForDetector = ConcurrentHashMap.newKeySet();
    /** Per camera: segments that ended before this (epoch ms) have had their motion/events decision. */
    private final Map<String, Long> decidedUntil = new ConcurrentHashMap<>();
    /** When the previous pass began (epoch ms): segments indexed since are decided even if they ended long ago. */
    private volatile long previousPass = Long.MIN_VALUE;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-sink-recording-retention");
        t.setDaemon(true);
        return t;
    });

    RecordingRetention(RecordingIndex index, RecordingSettings settings, Clock clock, DiskSpace disk) {
        this(index, settings, clock, disk, key -> {}, clock::instant, camera -> clock.instant());
    }

    /**
     * @param deleted        told the key of every deleted segment (the sink publishes a tombstone, so compaction drops it)
     * @param heardUntil     up to when the sink has consumed everything on its topics ({@link Instant#MIN}: not yet)
     * @param processedUntil per camera, the capture time up to which the detector has processed its frames (null: none)
     */
    RecordingRetention(RecordingIndex index, RecordingSettings settings, Clock clock, DiskSpace disk,
                       java.util.function.Consumer<String> deleted, java.util.function.Supplier<Instant> heardUntil,
                       java.util.function.Function<String, Instant> processedUntil) {
        this.deleted = deleted;
        this.heardUntil = heardUntil;
        this.processedUntil = processedUntil;
        this.index = index;
        this.settings = settings;
        this.clock = clock;
        this.disk = disk;
    }

    void start() {
        // the first pass a minute after start, like the others: the consumer has caught up by then; the disk cap can wait
        scheduler.scheduleWithFixedDelay(this::runQuietly, 60, 60, TimeUnit.SECONDS);
    }

    /** One pass; returns the number of segments deleted. */
    int runOnce() throws SQLException {
        int deleted = 0;
        Instant now = clock.instant();
        Instant heard = heardUntil.get();
        long storedSince = previousPass;
        previousPass = now.toEpochMilli();
        MotionIndex motion = index.motion();
        for (String camera : index.recordedCameras()) {
            VigilConfig.Record r = settings.of(camera);
            long pre = r.preCapture * 1000L;
            long post = r.postCapture * 1000L;
            boolean byMotion = "motion".equals(r.mode);
            Instant age = age(now, r.retainDays);
            Instant eventsAge = age(now, r.eventsRetainDays);
            Instant processed = byMotion || "events".equals(r.mode) ? detectorPassed(camera, r.mode) : null;
            if (processed != null && !heard.equals(Instant.MIN)) {
                Instant upTo = earliest(now, heard, processed);
                long settled = upTo.minus(ALERT_GRACE).minusMillis(Math.max(pre, post)).toEpochMilli();
                long from = decidedUntil.getOrDefault(camera, Long.MIN_VALUE);
                for (RecordingIndex.Entry s : index.segmentsToDecide(camera, from, settled, storedSince)) {
                    boolean alerted = index.alertTouches(camera, s.start(), s.end(), pre, post);
                    boolean keep = alerted && !s.end().isBefore(eventsAge)
                            || byMotion && !s.end().isBefore(age) && motion.touches(camera, s.start(), s.end(), pre, post);
                    if (!keep) deleted += delete(s, alerted ? "events retention" : r.mode + " mode") ? 1 : 0;
                }
                decidedUntil.put(camera, Math.max(from, settled));
            }
            if (age == Instant.MIN) continue;
            for (RecordingIndex.Entry s : index.segmentsEndedBefore(camera, age)) {
                boolean alerted = index.alertTouches(camera, s.start(), s.end(), pre, post);
                if (!(alerted && !s.end().isBefore(eventsAge))) deleted += delete(s, alerted ? "events retention" : "retention") ? 1 : 0;
            }
        }
        pruneMotion(motion, now);
        return deleted + enforceDiskCap();
    }

    /** How far the detector has processed the camera; null (logged once) while it has not since the sink started. */
    private Instant detectorPassed(String camera, String mode) {
        Instant processed = processedUntil.apply(camera);
        if (processed == null && waitingForDetector.add(camera)) {
            log.info("Recordings of camera {} (mode {}): nothing is deleted by mode until the detector has processed the camera",
                    camera, mode);
        } else if (processed != null && waitingForDetector.remove(camera)) {
            log.info("Recordings of camera {}: the detector has processed it up to {}, mode {} decides segments again",
                    camera, processed, mode);
        }
        return processed;
    }

    private static Instant earliest(Instant a, Instant b, Instant c) {
        Instant ab = a.isBefore(b) ? a : b;
        return ab.isBefore(c) ? ab : c;
    }

    private static Instant age(Instant now, int days) {
        return days > 0 ? now.minus(Duration.ofDays(days)) : Instant.MIN;
    }

    /** Spans that ended before a camera's retain_days (and post capture, and a segment's length) can keep nothing any more. */
    private void pruneMotion(MotionIndex motion, Instant now) throws SQLException {
        for (String camera : motion.cameras()) {
            VigilConfig.Record r = settings.of(camera);
            if (r.retainDays > 0) {
                motion.deleteEndedBefore(camera, age(now, r.retainDays).minusSeconds(r.postCapture + r.segmentSeconds));
            }
        }
    }

    /** Deletes the oldest segments while free space is under the cap; returns how many. */
    int enforceDiskCap() throws SQLException {
        Path dir = settings.dir();
        if (dir == null || settings.minFreeBytes() <= 0 || !Files.isDirectory(dir)) return 0;
        int deleted = 0;
        try {
            while (disk.free(dir) < settings.minFreeBytes()) {
                List<RecordingIndex.Entry> oldest = index.oldestSegments(20);
                if (oldest.isEmpty()) {
                    log.warn("Recordings: {} MB free in {}, under the {} MB cap, and no segment left to delete",
                            disk.free(dir) >> 20, dir, settings.minFreeBytes() >> 20);
                    break;
                }
                for (RecordingIndex.Entry s : oldest) {
                    if (delete(s, "disk cap")) deleted++;
                    if (disk.free(dir) >= settings.minFreeBytes()) break;
                }
            }
        } catch (IOException e) {
            log.warn("Recordings: cannot read free space of {}: {}", dir, e.toString());
        }
        if (deleted > 0) log.info("Recordings: disk cap deleted the {} oldest segment(s) in {}", deleted, dir);
        return deleted;
    }

    private boolean delete(RecordingIndex.Entry s, String why) throws SQLException {
        try {
            Files.deleteIfExists(Path.of(s.path()));
        } catch (IOException e) {
            log.warn("Recordings ({}): cannot delete {} of camera {}: {}", why, s.path(), s.camera(), e.toString());
            return false;
        }
        index.delete(s.id());
        deleted.accept(s.id());
        log.debug("Recordings ({}): deleted {}", why, s.path());
        return true;
    }

    private void runQuietly() {
        try {
            int n = runOnce();
            if (n > 0) log.info("Recordings retention deleted {} segment(s)", n);
        } catch (SQLException | RuntimeException e) {
            log.warn("Recordings retention failed, will retry: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
