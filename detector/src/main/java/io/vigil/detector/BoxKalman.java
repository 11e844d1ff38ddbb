package io.vigil.detector;

/**
 * A constant-velocity Kalman filter of a box's four sides (x1, y1, x2, y2), each side its own
 * position/velocity pair. Noise scales with the box height, as in SORT/ByteTrack, so that near and far
 * people are followed alike. State lives in the {@link TrackedObject} (plain arrays, stored as JSON).
 */
final class BoxKalman {
    /** Measurement noise: a detector's box side jitters by about this share of the box height. */
    private static final double MEASURE_STD = 0.05;
    /** Process noise per second: how much a side's position and velocity may change unforeseen. */
    private static final double POSITION_STD = 0.05;
    private static final double VELOCITY_STD = 0.25;

    private BoxKalman() {}

    /** Starts a track's filter at a detected box, with unknown velocity. */
    static void start(TrackedObject o, double[] box) {
        double h = height(box);
        o.box = box.clone();
        o.velocity = new double[4];
        o.covariance = new double[12];
        for (int i = 0; i < 4; i++) {
            o.covariance[3 * i] = sq(2 * MEASURE_STD * h);
            o.covariance[3 * i + 1] = 0;
            o.covariance[3 * i + 2] = sq(VELOCITY_STD * h * 4);
        }
    }

    /** The box at {@code dt} seconds after the last update, without changing the state. */
    static double[] predict(TrackedObject o, double dt) {
        double[] p = new double[4];
        for (int i = 0; i < 4; i++) p[i] = o.box[i] + o.velocity[i] * dt;
        return p;
    }

    /** Advances the filter by {@code dt} seconds and folds in a measured box. */
    static void update(TrackedObject o, double[] measured, double dt) {
        if (o.covariance == null || o.covariance.length != 12) start(o, o.box);
        double h = Math.max(height(o.box), 1);
        double q = sq(POSITION_STD * h) * dt, qv = sq(VELOCITY_STD * h) * dt, r = sq(MEASURE_STD * h);
        for (int i = 0; i < 4; i++) {
            double x = o.box[i] + o.velocity[i] * dt, v = o.velocity[i];
            double p00 = o.covariance[3 * i], p01 = o.covariance[3 * i + 1], p11 = o.covariance[3 * i + 2];
            // predict: F = [[1, dt], [0, 1]]
            double a00 = p00 + 2 * dt * p01 + dt * dt * p11 + q;
            double a01 = p01 + dt * p11;
            double a11 = p11 + qv;
            // update with H = [1, 0]
            double s = a00 + r;
            double k0 = a00 / s, k1 = a01 / s;
            double innovation = measured[i] - x;
            o.box[i] = x + k0 * innovation;
            o.velocity[i] = v + k1 * innovation;
            o.covariance[3 * i] = (1 - k0) * a00;
            o.covariance[3 * i + 1] = (1 - k0) * a01;
            o.covariance[3 * i + 2] = a11 - k1 * a01;
        }
    }

    private static double height(double[] b) {
        return b[3] - b[1];
    }

    private static double sq(double v) {
        return v * v;
    }
}
