package io.vigil.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where in a frame the CNN looks, the way Frigate finds small objects: square crops of the frame at the
 * model's input size (or larger, for a large object), around what moved and around where tracked objects
 * are predicted to be, so that a far person is seen at the frame's own resolution instead of scaled down
 * with the whole frame. Regions that overlap much are merged; a frame gets at most {@code maxRegions}
 * crops (what has waited longest first); a frame whose motion covers most of it is looked at whole.
 * Pure geometry.
 *
 * @param size             side of a region: the model's input size
 * @param maxRegions       most regions per frame; what does not fit waits for a following frame (0: always whole)
 * @param fullFrameMotion  share of the frame that motion boxes may cover before the frame is inferred whole
 */
public record Regions(int size, int maxRegions, double fullFrameMotion) {
    /**
     * A region is this much larger than the longest side of the object it is around: the CNN needs
     * context (a dog filling a tight crop scores 0.56, in a crop 2.2× its width 0.69; Frigate uses 1.2–1.5).
     */
    static final double MARGIN = 2.2;
    /** Two regions whose intersection is at least this share of the smaller one become one. */
    static final double MERGE_OVERLAP = 0.5;
    /** A box this close (pixels) to an edge of its region that is not the frame's edge was cut by the crop. */
    static final double CUT_EDGE = 2;

    public Regions {
        if (size < 16) throw new IllegalArgumentException("regions: size must be >= 16, was " + size);
        if (maxRegions < 0) throw new IllegalArgumentException("regions: maxRegions must be >= 0, was " + maxRegions);
    }

    /** A rectangle of the frame in its pixels (a square unless it is the whole frame). */
    public record Region(int x, int y, int width, int height) {
        /** A box in this region's pixels as a box in frame pixels. */
        double[] toFrame(double[] box) {
            return new double[] {box[0] + x, box[1] + y, box[2] + x, box[3] + y};
        }

        /** Whether a box (frame pixels) touches a side of this region that is inside the frame: the crop cut it. */
        boolean cuts(double[] box, int frameWidth, int frameHeight) {
            return (x > 0 && box[0] <= x + CUT_EDGE) || (y > 0 && box[1] <= y + CUT_EDGE)
                    || (x + width < frameWidth && box[2] >= x + width - CUT_EDGE)
                    || (y + height < frameHeight && box[3] >= y + height - CUT_EDGE);
        }

        boolean isWhole(int frameWidth, int frameHeight) {
            return x == 0 && y == 0 && width == frameWidth && height == frameHeight;
        }

        double area() {
            return (double) width * height;
        }
    }

    public static Region whole(int frameWidth, int frameHeight) {
        return new Region(0, 0, frameWidth, frameHeight);
    }

    /**
     * The square around a box: side {@code max(size, margin × the box's longest side)}, at most the frame's
     * shorter side, centred on the box and moved inside the frame.
     */
    public Region around(double[] box, double margin, int frameWidth, int frameHeight) {
        double longest = Math.max(box[2] - box[0], box[3] - box[1]);
        int side = (int) Math.ceil(Math.max(size, longest * margin));
        side = Math.min(side, Math.min(frameWidth, frameHeight));
        double cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
        int x = clamp((int) Math.round(cx - side / 2.0), frameWidth - side);
        int y = clamp((int) Math.round(cy - side / 2.0), frameHeight - side);
        return new Region(x, y, side, side);
    }

    /**
     * Something the regions should cover: a box in frame pixels, and how long ago it was last looked at
     * (the stalest come first when a frame cannot have regions for all).
     */
    public record Look(double[] box, long staleMillis) {}

    /** How stale a motion box counts as: after the objects not seen for two frames, before those just seen. */
    static final long MOTION_STALE_MILLIS = 400;

    /**
     * The regions for one frame: around the predicted boxes of the tracked objects that need a look and
     * around the motion boxes, merged, at most {@code maxRegions} of them, stalest first (the others wait
     * for a following frame); the whole frame alone when motion covers most of it, or when one region
     * would be the whole frame anyway; none when there is nothing to look at.
     *
     * @param objects the tracked objects to look at
     * @param motion  boxes (frame pixels) of what moved
     */
    public List<Region> plan(List<Look> objects, List<double[]> motion, int frameWidth, int frameHeight) {
        if (objects.isEmpty() && motion.isEmpty()) return List.of();
        if (maxRegions == 0 || Math.max(frameWidth, frameHeight) <= size) return List.of(whole(frameWidth, frameHeight));
        double moved = 0;
        for (double[] m : motion) moved += (m[2] - m[0]) * (m[3] - m[1]);
        if (moved >= fullFrameMotion * frameWidth * frameHeight) return List.of(whole(frameWidth, frameHeight));
        List<Look> looks = new ArrayList<>(objects);
        for (double[] b : motion) looks.add(new Look(b, MOTION_STALE_MILLIS));
        looks.sort(Comparator.comparingLong(l -> -l.staleMillis()));
        List<double[]> contents = new ArrayList<>();
        for (Look l : looks) contents.add(l.box().clone());
        List<Region> regions = merge(contents, frameWidth, frameHeight);
        for (Region r : regions) {
            if (r.width() >= frameWidth && r.height() >= frameHeight) return List.of(whole(frameWidth, frameHeight));
        }
        return regions.size() > maxRegions ? regions.subList(0, maxRegions) : regions;
    }

    /**
     * Regions around the boxes, the boxes grouped so that no two regions overlap by {@code MERGE_OVERLAP}
     * of the smaller one (a group's region is around the union of its boxes), unless their union would not
     * fit in one region; in the order of each group's first box.
     */
    List<Region> merge(List<double[]> boxes, int frameWidth, int frameHeight) {
        List<double[]> groups = new ArrayList<>(boxes);
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < groups.size() && !merged; i++) {
                for (int j = i + 1; j < groups.size() && !merged; j++) {
                    Region a = around(groups.get(i), MARGIN, frameWidth, frameHeight);
                    Region b = around(groups.get(j), MARGIN, frameWidth, frameHeight);
                    double[] union = union(groups.get(i), groups.get(j));
                    if (overlap(a, b) >= MERGE_OVERLAP && fits(union, frameWidth, frameHeight)) {
                        groups.set(i, union);
                        groups.remove(j);
                        merged = true;
                    }
                }
            }
        }
        List<Region> regions = new ArrayList<>();
        for (double[] g : groups) regions.add(around(g, MARGIN, frameWidth, frameHeight));
        return regions;
    }

    /** The union fits in a region when its longest side (with a little margin) is within the frame's shorter side. */
    private static boolean fits(double[] box, int frameWidth, int frameHeight) {
        return Math.max(box[2] - box[0], box[3] - box[1]) <= Math.min(frameWidth, frameHeight);
    }

    /** Intersection of two regions as a share of the smaller one's area. */
    static double overlap(Region a, Region b) {
        double ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        double iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        return ix * iy / Math.min(a.area(), b.area());
    }

    private static double[] union(double[] a, double[] b) {
        return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])};
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
