package io.vigil.common.media;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws a labelled box onto a frame with OpenCV, in a colour per label: snapshots, {@code vigil detect --draw} and
 * the live view look the same. OpenCV's built-in Hershey font needs no system fonts (headless containers).
 */
public final class BoxDrawer {
    private static final double FONT_SCALE = 0.5;

    private BoxDrawer() {}

    /** Draws {@code box} ([x1, y1, x2, y2] in pixels) and {@code text} above it onto {@code bgr}, in place. */
    public static void draw(Mat bgr, double[] box, String label, String text) {
        int thickness = Math.max(2, Math.min(bgr.cols(), bgr.rows()) / 300);
        Scalar colour = colour(label);
        Point topLeft = new Point((int) Math.round(box[0]), (int) Math.round(box[1]));
        rectangle(bgr, topLeft, new Point((int) Math.round(box[2]), (int) Math.round(box[3])), colour, thickness, LINE_AA, 0);
        int[] baseline = new int[1];
        Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline);
        int top = Math.max(0, topLeft.y() - size.height() - baseline[0] - 2);
        rectangle(bgr, new Point(topLeft.x(), top), new Point(topLeft.x() + size.width() + 4, top + size.height() + baseline[0] + 2),
                colour, FILLED, LINE_AA, 0);
        putText(bgr, text, new Point(topLeft.x() + 2, top + size.height() + 1), FONT_HERSHEY_SIMPLEX, FONT_SCALE,
                new Scalar(0, 0, 0, 0), 1, LINE_AA, false);
    }

    /** A bright colour per label (B, G, R), the same on every run. */
    public static Scalar colour(String label) {
        int h = label.hashCode();
        return new Scalar(80 + (h & 0x7f), 80 + ((h >> 8) & 0x7f), 80 + ((h >> 16) & 0x7f), 0);
    }
}
