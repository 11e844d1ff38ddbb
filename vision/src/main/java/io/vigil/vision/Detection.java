package io.vigil.vision;

import java.util.Arrays;

/**
 * One detected object.
 *
 * @param label class name, e.g. "person"
 * @param score confidence in [0, 1]
 * @param box   [x1, y1, x2, y2] in the pixels of the image given to the detector
 */
public record Detection(String label, double score, double[] box) {
    public Detection {
        if (box == null || box.length != 4) {
            throw new IllegalArgumentException("box must be [x1, y1, x2, y2], got " + Arrays.toString(box));
        }
    }

    /** Intersection over union of this box and {@code other} ([x1, y1, x2, y2]). */
    public double iou(double[] other) {
        return iou(box, other);
    }

    static double iou(double[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
        return intersection / union;
    }

    @Override
    public String toString() {
        return String.format("%s %.2f [%.0f, %.0f, %.0f, %.0f]", label, score, box[0], box[1], box[2], box[3]);
    }
}
