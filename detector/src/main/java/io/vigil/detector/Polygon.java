package io.vigil.detector;

import java.util.List;

/** A named polygon in frame pixels (a zone or a mask), as in the camera config: [[x,y], [x,y], ...]. */
public record Polygon(String name, double[] xs, double[] ys) {

    public static Polygon of(String name, List<List<Double>> points) {
        if (points == null || points.size() < 3) {
            throw new IllegalArgumentException("polygon '" + name + "' needs at least 3 points, got "
                    + (points == null ? 0 : points.size()));
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            List<Double> p = points.get(i);
            if (p == null || p.size() != 2) {
                throw new IllegalArgumentException("polygon '" + name + "' point " + i + " must be [x, y], got " + p);
            }
            xs[i] = p.get(0);
            ys[i] = p.get(1);
        }
        return new Polygon(name, xs, ys);
    }

    /** Even-odd ray casting. */
    public boolean contains(double x, double y) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }
}
