package io.vigil.app.eval;

/** An alert's time span and when it was raised (its "new" event), in seconds from the recording's first frame. */
public record Span(String id, double start, double end, double raised) {

    public Span(String id, double start, double end) {
        this(id, start, end, start);
    }

    /** Temporal intersection over union of two intervals. */
    public static double tiou(double aStart, double aEnd, double bStart, double bEnd) {
        double inter = Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
        double union = Math.max(aEnd, bEnd) - Math.min(aStart, bStart);
        return union > 0 ? inter / union : 0;
    }
}
