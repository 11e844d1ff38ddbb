package io.vigil.detector;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A cheap motion detector: a running-average grey background of a downscaled frame per camera.
 * A frame "has motion" when enough of its pixels differ from the background by more than a threshold.
 * Pixels inside motion masks are ignored (e.g. a tree in the wind, a timestamp overlay).
 */
public final class MotionGate {
    /** Width of the downscaled grey frame the background is kept at. */
    static final int WIDTH = 64;

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
     * @return the new or updated background and whether the frame has motion (the first frame has)
     */
    public Result apply(Mat bgr, float[] background) {
        int height = Math.max(1, Math.round((float) WIDTH * bgr.rows() / bgr.cols()));
        byte[] grey = downscaledGrey(bgr, height);
        boolean[] ignored = ignoredPixels(bgr.cols(), bgr.rows());
        if (background == null || background.length != grey.length) {
            float[] fresh = new float[grey.length];
            for (int i = 0; i < grey.length; i++) fresh[i] = grey[i] & 0xff;
            return new Result(fresh, true, 1.0);
        }
        int changed = 0;
        int counted = 0;
        for (int i = 0; i < grey.length; i++) {
            float v = grey[i] & 0xff;
            if (ignored == null || !ignored[i]) {
                counted++;
                if (Math.abs(v - background[i]) > pixelThreshold) changed++;
            }
            background[i] += (float) alpha * (v - background[i]);
        }
        double fraction = counted == 0 ? 0 : (double) changed / counted;
        return new Result(background, fraction >= minChangedFraction, fraction);
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

    /** The background after this frame, whether the frame had motion, and the share of changed pixels. */
    public record Result(float[] background, boolean motion, double changedFraction) {}
}
