package io.vigil.detector;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A cheap motion detector: a running-average grey background of a downscaled frame per camera.
 * A frame "has motion" when enough of its pixels differ from the background by more than a threshold;
 * the changed pixels, grouped into blobs, give the motion boxes (in frame pixels) that the CNN's regions
 * are placed around. Pixels inside motion masks are ignored (e.g. a tree in the wind, a timestamp overlay).
 */
public final class MotionGate {
    /** Width of the downscaled grey frame the background is kept at. */
    static final int WIDTH = 64;
    /** Changed pixels this close (downscaled pixels) belong to one blob: a person's parts change apart. */
    static final int BLOB_GAP = 2;
    /** A blob of fewer changed pixels is noise, not a motion box. */
    static final int MIN_BLOB = 2;

    private final double alpha;
    private final int pixelThreshold;
    private final double minChangedFraction;
    private final List<Polygon> masks;
    /** The masked pixels for the last frame size seen (a camera's frames all have one size). */
    private boolean[] ignored;
    private int ignoredFor = -1;

    /**
     * @param alpha              weight of a new frame in the running average (0..1)
     * @param pixelThreshold     grey-level difference (0..255) that counts a pixel as changed
     * @param minChangedFraction share of (unmasked) pixels that must change for motion
     * @param masks              polygons in frame pixels whose motion is ignored
     */
    public MotionGate(double alpha, int pixelThreshold, double minChangedFraction, List<Polygon> masks) {
        this.alpha = alpha;
        this.pixelThreshold = pixelThreshold;
        this.minChangedFraction = minChangedFraction;
        this.masks = masks;
    }


    /**
     * Compares the frame with the camera's background and folds the frame into it.
     *
     * @param bgr        the frame (BGR)
     * @param background the camera's background, or null for the first frame; updated in place
     * @return the new or updated background, whether the frame has motion (the first frame has) and where
     */
    public Result apply(Mat bgr, float[] background) {
        int height = Math.max(1, Math.round((float) WIDTH * bgr.rows() / bgr.cols()));
        byte[] grey = downscaledGrey(bgr, height);
        boolean[] ignored = ignoredPixels(bgr.cols(), bgr.rows());
        if (background == null || background.length != grey.length) {
            float[] fresh = new float[grey.length];
            for (int i = 0; i < grey.length; i++) fresh[i] = grey[i] & 0xff;
            return new Result(fresh, true, 1.0, List.of(new double[] {0, 0, bgr.cols(), bgr.rows()}));
        }
        int changed = 0;
        int counted = 0;
        boolean[] moved = new boolean[grey.length];
        for (int i = 0; i < grey.length; i++) {
            float v = grey[i] & 0xff;
            if (ignored == null || !ignored[i]) {
                counted++;
                if (Math.abs(v - background[i]) > pixelThreshold) {
                    changed++;
                    moved[i] = true;
                }
            }
            background[i] += (float) alpha * (v - background[i]);
        }
        double fraction = counted == 0 ? 0 : (double) changed / counted;
        boolean motion = fraction >= minChangedFraction;
        List<double[]> boxes = motion ? blobs(moved, height, (double) bgr.cols() / WIDTH, (double) bgr.rows() / height) : List.of();
        return new Result(background, motion, fraction, boxes);
    }

    /** Bounding boxes (frame pixels) of the groups of changed pixels, each pixel within BLOB_GAP of another of its group. */
    static List<double[]> blobs(boolean[] moved, int height, double scaleX, double scaleY) {
        List<double[]> boxes = new ArrayList<>();
        boolean[] seen = new boolean[moved.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < moved.length; start++) {
            if (!moved[start] || seen[start]) continue;
            int x1 = WIDTH, y1 = height, x2 = -1, y2 = -1, size = 0;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll(), px = p % WIDTH, py = p / WIDTH;
                size++;
                x1 = Math.min(x1, px);
                y1 = Math.min(y1, py);
                x2 = Math.max(x2, px);
                y2 = Math.max(y2, py);
                for (int y = Math.max(0, py - BLOB_GAP); y <= Math.min(height - 1, py + BLOB_GAP); y++) {
                    for (int x = Math.max(0, px - BLOB_GAP); x <= Math.min(WIDTH - 1, px + BLOB_GAP); x++) {
                        int q = y * WIDTH + x;
                        if (moved[q] && !seen[q]) {
                            seen[q] = true;
                            queue.add(q);
                        }
                    }
                }
            }
            if (size >= MIN_BLOB) boxes.add(new double[] {x1 * scaleX, y1 * scaleY, (x2 + 1) * scaleX, (y2 + 1) * scaleY});
        }
        return boxes;
    }

    private static byte[] downscaledGrey(Mat bgr, int height) {
        try (Mat small = new Mat(); Mat grey = new Mat()) {
            resize(bgr, small, new Size(WIDTH, height), 0, 0, INTER_AREA);
            cvtColor(small, grey, COLOR_BGR2GRAY);
            byte[] out = new byte[WIDTH * height];
            try (UByteIndexer idx = grey.createIndexer()) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < WIDTH; x++) out[y * WIDTH + x] = (byte) idx.get(y, x);
                }
            }
            return out;
        }
    }

    private boolean[] ignoredPixels(int frameWidth, int frameHeight) {
        if (masks.isEmpty()) return null;
        int key = frameWidth * 65536 + frameHeight;
        if (key != ignoredFor) {
            ignored = computeIgnored(frameWidth, frameHeight);
            ignoredFor = key;
        }
        return ignored;
    }

    private boolean[] computeIgnored(int frameWidth, int frameHeight) {
        int height = Math.max(1, Math.round((float) WIDTH * frameHeight / frameWidth));
        boolean[] ignored = new boolean[WIDTH * height];
        double sx = (double) frameWidth / WIDTH;
        double sy = (double) frameHeight / height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double fx = (x + 0.5) * sx;
                double fy = (y + 0.5) * sy;
                for (Polygon m : masks) {
                    if (m.contains(fx, fy)) {
                        ignored[y * WIDTH + x] = true;
                        break;
                    }
                }
            }
        }
        return ignored;
    }

    /**
     * The background after this frame, whether the frame had motion, the share of changed pixels, and the
     * boxes (frame pixels, [x1, y1, x2, y2]) of what moved: empty without motion, the whole frame for the first one.
     */
    public record Result(float[] background, boolean motion, double changedFraction, List<double[]> boxes) {}
}
