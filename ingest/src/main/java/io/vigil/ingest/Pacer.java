package io.vigil.ingest;

/** Holds frames back so that media time passes at {@code speed} times real time (no pacing at infinite speed). */
final class Pacer {
    private final double speed;
    private long startNanos;
    private long startMediaMicros;
    private boolean started;

    Pacer(double speed) {
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0: " + speed);
        this.speed = speed;
    }

    /** Sleeps until the frame at {@code mediaMicros} is due. */
    void await(long mediaMicros) throws InterruptedException {
        if (Double.isInfinite(speed)) return;
        long now = System.nanoTime();
        if (!started) {
            started = true;
            startNanos = now;
            startMediaMicros = mediaMicros;
            return;
        }
        long dueNanos = startNanos + (long) ((mediaMicros - startMediaMicros) * 1000 / speed);
        long waitNanos = dueNanos - now;
        if (waitNanos > 0) Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
}
