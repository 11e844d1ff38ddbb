package io.vigil.common;

/** Geometry of boxes given as [x1, y1, x2, y2]. */
public final class Boxes {
    private Boxes() {}

    /** Intersection over union of two boxes; 0 when they do not overlap or have no area. */
    public static double iou(double[] a, double[] b) {
        double ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = ix * iy;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
