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

/** Deletes alerts (with their events and snapshots) older than the configured number of days, hourly. */
final class RetentionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final AlertRetention retention;
    private final int days;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-sink-retention");
        t.setDaemon(true);
        return t;
    });

    RetentionJob(AlertRetention retention, int days, Clock clock) {
        this.retention = retention;
        this.days = days;
        this.clock = clock;
    }

    void start() {
        if (days == 0) {
            log.info("Retention off: alerts are kept forever");
            return;
        }
        scheduler.scheduleWithFixedDelay(this::runQuietly, 1, EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    /** Deletes what is older than the retention now; returns the number of alerts deleted. */
    int runOnce() throws SQLException {
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        int deleted = retention.deleteOlderThan(cutoff);
        if (deleted > 0) log.info("Retention deleted {} alert(s) older than {}", deleted, cutoff);
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
