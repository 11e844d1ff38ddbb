package io.vigil.detector;

/** Which detections of a label are kept: min score, and box area in pixels between min and max. */
public record LabelRule(double minScore, double minArea, double maxArea) {
    public static LabelRule minScore(double minScore) {
        return new LabelRule(minScore, 0, Double.MAX_VALUE);
    }
}
