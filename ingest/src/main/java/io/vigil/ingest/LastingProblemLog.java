package io.vigil.ingest;

import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A bad condition that may persist over many frames (frames too large, Kafka behind, sends
 * failing): logged once when it begins and once when it ends, with a count, never per frame.
 */
final class LastingProblemLog {
    private final Logger log;
    private final String endMessage;
    private long count;
    private long countAtStart;
    private boolean active;

    /** @param endMessage logged when it ends, with "%d" for the number of frames it affected */
    LastingProblemLog(Logger log, String endMessage) {
        this.log = log;
        this.endMessage = endMessage;
    }

    synchronized void occurred(Supplier<String> startMessage) {
        count++;
        if (!active) {
            active = true;
            countAtStart = count - 1;
            log.warn(startMessage.get());
        }
    }

    synchronized void cleared() {
        if (active) {
            active = false;
            log.info(String.format(endMessage, count - countAtStart));
        }
    }

    synchronized long count() {
        return count;
    }
}
