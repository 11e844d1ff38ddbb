package io.vigil.sink;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sink's own view of its health: is the consumer loop running, did the last database write work. */
public final class SinkHealth {
    private static final Logger log = LoggerFactory.getLogger(SinkHealth.class);

    private volatile boolean consumerRunning;
    private volatile boolean databaseUp = true;
    private volatile String databaseError;
    private volatile Instant databaseDownSince;

    void consumerRunning(boolean running) {
        consumerRunning = running;
    }

    void databaseDown(String error) {
        if (databaseUp) {
            databaseDownSince = Instant.now();
            log.warn("Database unavailable, holding alerts and retrying: {}", error);
        }
        databaseUp = false;
        databaseError = error;
    }

    void databaseRecovered() {
        if (!databaseUp) {
            log.info("Database available again after {}", Duration.between(databaseDownSince, Instant.now()));
        }
        databaseUp = true;
        databaseError = null;
        databaseDownSince = null;
    }

    public boolean consumerRunning() {
        return consumerRunning;
    }

    /** False from the first failed write until the next successful one. */
    public boolean databaseUp() {
        return databaseUp;
    }

    public String databaseError() {
        return databaseError;
    }

    public Instant databaseDownSince() {
        return databaseDownSince;
    }
}
