package io.vigil.ingest;

/**
 * Capture times of a live stream. The first frame of a connection was captured about when we
 * asked the camera to play (the start of the open), and later frames follow by the stream's own
 * pts, so frames keep the camera's spacing even when they reach us in a burst (FFmpeg hands over
 * the frames it read while probing the stream all at once). Two corrections keep it honest: a
 * frame is never dated after it arrived, and never more than {@link #MAX_LAG_MICROS} before (a camera
 * clock running slow, or a pts jump). Times never go backwards for one camera.
 */
final class LiveClock {
    static final long MAX_LAG_MICROS = 3_000_000;
    private long anchorWallMicros;
    private long anchorPtsMicros;
    private boolean anchored;
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
        }
        long t = anchorWallMicros + (ptsMicros - anchorPtsMicros);
        if (t > nowMicros || nowMicros - t > MAX_LAG_MICROS) {
            anchorWallMicros += nowMicros - t;
            t = nowMicros;
        }
        long millis = t / 1000;
        if (lastMillis != Long.MIN_VALUE && millis <= lastMillis) millis = lastMillis + 1;
        lastMillis = millis;
        return millis;
    }
}
