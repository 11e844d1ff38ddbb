package io.vigil.sink;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hourly: deletes alerts (with their events and snapshots) without activity for the configured number of
 * days, then the oldest snapshots while all of them together exceed the disk cap.
 */
final class RetentionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final AlertRetention retention;
    private final int days;
    private final long snapshotsMaxBytes;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-sink-retention");
        t.setDaemon(true);
        return t;
    });

    RetentionJob(AlertRetention retention, int days, Clock clock) {
        this(retention, days, SinkSettings.DEFAULT_SNAPSHOTS_MAX_BYTES, clock);
    }

    RetentionJob(AlertRetention retention, int days, long snapshotsMaxBytes, Clock clock) {
        this.retention = retention;
        this.days = days;
        this.snapshotsMaxBytes = snapshotsMaxBytes;
        this.clock = clock;
    }

    void start() {
        if (days == 0) log.info("Retention off: alerts are kept forever (snapshots within {} MiB)", snapshotsMaxBytes >> 20);
        scheduler.scheduleWithFixedDelay(this::runQuietly, 1, EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    /** Deletes what is older than the retention now; returns the number of alerts deleted. */
    int runOnce() throws SQLException {
        int deleted = 0;
        if (days > 0) {
            Instant cutoff = clock.instant().minus(Duration.ofDays(days));
            deleted = retention.deleteOlderThan(cutoff);
            if (deleted > 0) log.info("Retention deleted {} alert(s) without activity since {}", deleted, cutoff);
        }
        int snapshots = retention.capSnapshots(snapshotsMaxBytes);
        if (snapshots > 0) log.info("Snapshots over the cap of {} MiB: deleted the {} oldest", snapshotsMaxBytes >> 20, snapshots);
        return deleted;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (SQLException | RuntimeException e) {
            log.warn("Retention run failed, will retry in {}: {}", EVERY, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
