package io.vigil.app.eval;

import io.vigil.common.FrameObjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores what the detector tracked on each processed frame (the objects topic) against MOTChallenge boxes: a
 * processed frame at {@code t} seconds from the recording's first frame is frame {@code round(t × fps) + 1} of the
 * ground truth (the detector sees only the frames sampled at the detect fps; the others are not scored), and the
 * ground-truth boxes are scaled from the recording's size to the detect size. Tracked boxes are the confirmed
 * objects of the label seen at the frame's CNN run ({@link FrameObjects.Track#seen()}), what an alert reports.
 */
public final class BoxEval {
    private BoxEval() {}

    /**
     * @param fps    the recording's frame rate, that the ground truth's frame numbers count
     * @param width  the recording's width (ground-truth pixels)
     * @param height the recording's height
     * @param t0     the capture time of the recording's first frame
     */
    public static BoxScore score(MotBoxes truth, double fps, int width, int height, List<FrameObjects> frames, Instant t0,
                                 String label, double minIou) {
        if (!(fps > 0)) throw new IllegalArgumentException("the recording declares no frame rate: boxes ground truth cannot be placed in time");
        BoxScore score = new BoxScore(minIou);
        for (FrameObjects f : frames) {
            double seconds = (f.frameTime().toEpochMilli() - t0.toEpochMilli()) / 1000.0;
            int n = (int) Math.round(seconds * fps) + 1;
            double sx = (double) f.frameWidth() / width, sy = (double) f.frameHeight() / height;
            List<BoxScore.Box> gt = new ArrayList<>();
            for (MotBoxes.Box b : truth.frame(n)) {
                double[] r = b.box();
                gt.add(new BoxScore.Box(b.id(), new double[] {r[0] * sx, r[1] * sy, r[2] * sx, r[3] * sy}));
            }
            List<BoxScore.Box> tracked = new ArrayList<>();
            for (FrameObjects.Track t : f.objects()) {
                if (t.seen() && t.id() != null && label.equals(t.label())) tracked.add(new BoxScore.Box(t.id(), t.box()));
            }
            score.add(gt, tracked);
        }
        return score;
    }
}
