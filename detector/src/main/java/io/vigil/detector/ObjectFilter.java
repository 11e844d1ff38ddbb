package io.vigil.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps detections of the configured labels with enough score and a plausible size, outside masks; tags zones. */
public final class ObjectFilter {
    private final Map<String, LabelRule> labels;
    private final CameraRules rules;

    public ObjectFilter(Map<String, LabelRule> labels, CameraRules rules) {
        this.labels = labels;
        this.rules = rules;
    }

    /** The observation for this detection, or null when it is filtered out. */
    public Observation apply(String label, double score, double[] box) {
        LabelRule rule = labels.get(label);
        if (rule == null || score < rule.minScore()) return null;
        return place(rule, label, score, box);
    }

    /**
     * The observation for a detection scored from {@code lowScore} up to (not including) its label's min
     * score, otherwise passing the filters; null for any other. The tracker uses these only to keep
     * confirmed tracks alive.
     */
    public Observation applyWeak(String label, double score, double[] box, double lowScore) {
        LabelRule rule = labels.get(label);
        if (rule == null || score >= rule.minScore() || score < lowScore) return null;
        return place(rule, label, score, box);
    }

    private Observation place(LabelRule rule, String label, double score, double[] box) {
        double area = (box[2] - box[0]) * (box[3] - box[1]);
        if (area < rule.minArea() || area > rule.maxArea()) return null;
        double bx = (box[0] + box[2]) / 2;
        double by = box[3];
        for (Polygon mask : rules.objectMasks()) {
            if (mask.contains(bx, by)) return null;
        }
        List<String> zones = new ArrayList<>();
        for (Polygon zone : rules.zones()) {
            if (zone.contains(bx, by)) zones.add(zone.name());
        }
        return new Observation(label, score, box, zones);
    }
}
