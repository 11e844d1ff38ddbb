package io.vigil.detector;

import java.util.ArrayList;
import java.util.List;

/** One object followed by the {@link Tracker} (mutable, stored as JSON in the {@code tracks} state store). */
public final class TrackedObject {
    public String id;
    public String label;
    /** The filtered box (Kalman estimate at {@link #lastSeen}). */
    public double[] box;
    /** Box movement in pixels per second (x1, y1, x2, y2), Kalman estimate. */
    public double[] velocity = new double[4];
    /** Kalman covariance per side: p00, p01, p11 (see {@link BoxKalman}). */
    public double[] covariance;
    /** The most recent scores (at most {@link Tracker#SCORE_HISTORY}). */
    public List<Double> scores = new ArrayList<>();
    public double score;
    public double topScore;
    /** Top score when the last event with a snapshot was emitted. */
    public double emittedTopScore;
    public long firstSeen;
    public long lastSeen;
    public int hits;
    public boolean confirmed;
    /** Where the object was when it stopped moving, and for how many observations it stayed there. */
    public double[] stillBox;
    public int stillFrames;
    public List<String> zones = new ArrayList<>();
    /** Sequence number of the next event for this alert. */
    public int nextSeq;

    double[] predictedBox(long at) {
        double dt = Math.min(2.0, Math.max(0, (at - lastSeen) / 1000.0));
        return BoxKalman.predict(this, dt);
    }

    /**
     * Seen in {@link Tracker#SCORE_HISTORY} frames without ever scoring enough to be confirmed: most likely
     * not an object of its label, so not worth the CNN on every frame (it may still be confirmed later).
     */
    boolean doubtful() {
        return !confirmed && hits >= Tracker.SCORE_HISTORY;
    }

    /** Not moved for {@code frames} observations. */
    boolean stationary(int frames) {
        return confirmed && stillFrames >= frames;
    }
}
