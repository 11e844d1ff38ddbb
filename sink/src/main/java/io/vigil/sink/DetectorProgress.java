package io.vigil.sink;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How far the detector has got with each camera: the newest capture time on the objects topic, where the detector
 * publishes one record for every frame it processed (timestamp = capture time) in the same transaction as that
 * frame's motion spans and alert events. Recording modes motion and events decide a segment only once the detector
 * is past it, so a detector that is down or behind makes them wait instead of deleting what it has not seen yet.
 * <p>
 * Chosen over comparing the detector group's committed offsets on the frames topic with {@code offsetsForTimes}:
 * a frames partition holds several cameras (one replaying old footage, one live), so an offset says nothing about
 * one camera's capture time, and frames are bounded by size (old offsets may be gone); the objects records are per
 * camera already and small.
 * <p>
 * What the sink has just consumed counts only once it has also caught up on its other topics ({@link #confirm}):
 * the objects record of a frame may be read before the motion span of the same transaction on another partition.
 * Kept in memory: after a sink restart a camera counts as not processed until the detector's next record of it,
 * which only makes modes motion/events wait longer.
 */
final class DetectorProgress {
    /** Consumer thread only: newest capture time read per camera (epoch ms). */
    private final Map<String, Long> read = new HashMap<>();
    private volatile Map<String, Long> confirmed = Map.of();

    /** The sink has consumed (and stored what came with it) the detector's record of a camera's frame. */
    void read(String camera, Instant frameTime) {
        read.merge(camera, frameTime.toEpochMilli(), Math::max);
    }

    /** The sink has caught up on all its topics: everything the detector published with the frames read so far is stored. */
    void confirm() {
        if (!read.equals(confirmed)) confirmed = Map.copyOf(read);
    }

    /** Capture time up to which the detector has processed the camera's frames, as far as the sink knows; null: none yet. */
    Instant processedUntil(String camera) {
        Long t = confirmed.get(camera);
        return t == null ? null : Instant.ofEpochMilli(t);
    }
}
