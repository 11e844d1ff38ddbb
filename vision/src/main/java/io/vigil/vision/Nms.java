package io.vigil.vision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy per-class non-maximum suppression. */
final class Nms {
    private Nms() {}

    /** The best-scored detections, dropping any that overlap a better one of the same label by more than {@code iou}. */
    static List<Detection> apply(List<Detection> candidates, double iou, int maxDetections) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.size() == maxDetections) {
                break;
            }
            boolean suppressed = false;
            for (Detection k : kept) {
                if (k.label().equals(d.label()) && k.iou(d.box()) > iou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(d);
            }
        }
        return kept;
    }
}
