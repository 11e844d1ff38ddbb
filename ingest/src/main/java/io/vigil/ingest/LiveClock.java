package io.vigil.ingest;

/**
 * Capture times of a live stream. The first frame of a connection is dated when we asked the
 * camera to play (the start of the open), later frames by the stream's own pts from there, so
 * frames keep the camera's spacing even when they reach us in a burst (FFmpeg hands over the
 * frames it read while probing the stream all at once). Two corrections keep it honest: a frame
 * is never dated after it arrived; and when even the least delayed frame of a one-second window
 * arrived more than {@link #MAX_LAG_MICROS} after its date (the stream stalled, or the camera clock
 * runs slow), later frames move forward by that delay. Times never go backwards for one camera.
 */
final class LiveClock {
    static final long MAX_LAG_MICROS = 1_000_000;
    static final long WINDOW_MICROS = 1_000_000;
    private long anchorWallMicros;
    private long anchorPtsMicros;
    private boolean anchored;
    private long windowStartMicros;
    private long windowMinLagMicros;
    private long lastMillis = Long.MIN_VALUE;

    /** A new connection, opened (asked to play) at {@code openedAtMicros}; its pts start afresh. */
    void newConnection(long openedAtMicros) {
        anchorWallMicros = openedAtMicros;
        anchored = false;
    }

    /** Capture time, in epoch milliseconds, of the frame at {@code ptsMicros} that arrived at {@code nowMicros}. */
    long captureMillis(long ptsMicros, long nowMicros) {
        if (!anchored) {
            anchored = true;
            anchorPtsMicros = ptsMicros;
            windowStartMicros = nowMicros;
            windowMinLagMicros = Long.MAX_VALUE;
        }
        long t = anchorWallMicros + (ptsMicros - anchorPtsMicros);
        if (t > nowMicros) {
            anchorWallMicros -= t - nowMicros;
            t = nowMicros;
        }
        windowMinLagMicros = Math.min(windowMinLagMicros, nowMicros - t);
        if (nowMicros - windowStartMicros >= WINDOW_MICROS) {
            if (windowMinLagMicros > MAX_LAG_MICROS) {
                anchorWallMicros += windowMinLagMicros;
                t += windowMinLagMicros;
            }
            windowStartMicros = nowMicros;
            windowMinLagMicros = Long.MAX_VALUE;
        }
        long millis = t / 1000;
        if (lastMillis != Long.MIN_VALUE && millis <= lastMillis) millis = lastMillis + 1;
        lastMillis = millis;
        return millis;
    }
}
