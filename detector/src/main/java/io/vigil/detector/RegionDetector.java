package io.vigil.detector;

import io.vigil.detector.Regions.Region;
import io.vigil.vision.Detection;
import io.vigil.vision.ObjectDetector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Runs the CNN on the regions of a frame and gives the detections in frame pixels, each object once:
 * an object cut by the edge of its crop is looked at again in a region around it (while the frame's
 * region budget lasts), and the same object found in two regions is kept once ({@link #dedupe}). A box
 * still cut after that is dropped: part of a person would start a second track or shrink the first.
 */
final class RegionDetector {
    /** Boxes of one label overlapping this much (IoU) are one object (the model's own NMS uses the same). */
    static final double SAME_OBJECT_IOU = 0.5;

    private final ObjectDetector detector;
    private final Regions regions;

    RegionDetector(ObjectDetector detector, Regions regions) {
        this.detector = detector;
        this.regions = regions;
    }

    /** A detection in frame pixels, and whether its region's edge cut it. */
    record Found(Detection detection, boolean cut) {}

    /** @return the detections (frame pixels) and how many CNN runs they took */
    Result detect(Mat frame, List<Region> plan) {
        int w = frame.cols(), h = frame.rows();
        List<Found> found = new ArrayList<>();
        for (Region r : plan) found.addAll(run(frame, r));
        int runs = plan.size();
        List<double[]> cut = new ArrayList<>();
        for (Found f : found) if (f.cut()) cut.add(f.detection().box());
        if (!cut.isEmpty() && runs < regions.maxRegions()) {
            List<Region> again = regions.merge(cut, w, h);
            for (Region r : again.subList(0, Math.min(again.size(), regions.maxRegions() - runs))) {
                found.addAll(run(frame, r));
                runs++;
            }
        }
        return new Result(dedupe(found), runs);
    }

    record Result(List<Detection> detections, int runs) {}

    private List<Found> run(Mat frame, Region r) {
        int w = frame.cols(), h = frame.rows();
        if (r.isWhole(w, h)) return detector.detect(frame).stream().map(d -> new Found(d, false)).toList();
        List<Found> out = new ArrayList<>();
        try (Rect rect = new Rect(r.x(), r.y(), r.width(), r.height()); Mat crop = new Mat(frame, rect)) {
            for (Detection d : detector.detect(crop)) {
                double[] box = r.toFrame(d.box());
                out.add(new Found(new Detection(d.label(), d.score(), box), r.cuts(box, w, h)));
            }
        }
        return out;
    }

    /**
     * Each object once, whole boxes only, best score first: a box is dropped when a better box of its label
     * overlaps it by {@code SAME_OBJECT_IOU}; a cut box is dropped.
     */
    static List<Detection> dedupe(List<Found> found) {
        List<Detection> sorted = new ArrayList<>();
        for (Found f : found) if (!f.cut()) sorted.add(f.detection());
        sorted.sort(Comparator.comparingDouble(d -> -d.score()));
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.stream().noneMatch(k -> k.label().equals(d.label()) && k.iou(d.box()) > SAME_OBJECT_IOU)) kept.add(d);
        }
        return kept;
    }
}
