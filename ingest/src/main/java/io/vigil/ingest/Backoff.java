package io.vigil.ingest;

import java.time.Duration;

/** Exponential backoff between reconnect attempts: initial, doubling up to a maximum, reset by {@link #reset()}. */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration current;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
        this.current = initial;
    }

    /** The delay before the next attempt; the one after it doubles, up to the maximum. */
    Duration next() {
        Duration delay = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    void reset() {
        current = initial;
    }
}
