package io.vigil.detector;

/**
 * When a tracked object becomes an alert, changes and ends (Frigate's rules).
 *
 * @param minHits         frames an object must be seen in before it is confirmed
 * @param confirmScore    median score (of the recent frames) needed for confirmation
 * @param minIou          overlap of a detection with a track's predicted box for them to match
 * @param endAfterMillis  stream time an object must be missing before its alert ends
 * @param tentativeMillis stream time an unconfirmed object may be missing before it is forgotten
 * @param scoreRise       rise of the top score that emits an "update" with a new snapshot
 */
public record TrackerSettings(int minHits, double confirmScore, double minIou, long endAfterMillis,
                              long tentativeMillis, double scoreRise) {

    public TrackerSettings {
        if (minHits < 1) throw new IllegalArgumentException("tracker: minHits must be >= 1, was " + minHits);
        if (endAfterMillis <= 0 || tentativeMillis <= 0) throw new IllegalArgumentException("tracker: times must be > 0");
    }
}
