package io.vigil.ingest;

/**
 * Keeps frames at a target rate by their capture time, not by counting them: cameras drop frames
 * and vary their rate, so "every n-th frame" drifts. A frame is kept when it is due; the schedule
 * advances by whole intervals, so the kept rate averages the target even when source frames do not
 * line up with it; two kept frames are never closer than half an interval. After a gap (or a jump back in time) the schedule restarts at the next frame.
 */
final class FrameSampler {
    private final long intervalMicros;
    /** A frame this much early still counts as due: absorbs timestamp jitter. */
    private final long toleranceMicros;
    private long nextDue;
    private long lastKept;
    private boolean started;

    FrameSampler(double framesPerSecond) {
        if (!(framesPerSecond > 0)) throw new IllegalArgumentException("frames per second must be > 0: " + framesPerSecond);
        this.intervalMicros = Math.round(1_000_000 / framesPerSecond);
        this.toleranceMicros = intervalMicros / 10;
    }

    /** Whether to keep the frame captured at {@code micros} (call in capture order). */
    boolean accept(long micros) {
        // never two frames closer than half an interval: a late frame must not be followed by a burst
        if (started && micros >= lastKept && micros - lastKept < intervalMicros / 2) return false;
        boolean due = started && micros >= nextDue - toleranceMicros;
        boolean restart = !started || micros >= nextDue + intervalMicros || micros < nextDue - 2 * intervalMicros;
        if (!due && !restart) return false;
        nextDue = restart ? micros + intervalMicros : nextDue + intervalMicros;
        lastKept = micros;
        started = true;
        return true;
    }
}
