package io.vigil.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Draws detections (box + "label score") onto images, e.g. for {@code vigil detect --draw DIR}. */
public final class DetectionDrawer {
    private static final double FONT_SCALE = 0.5;

    private DetectionDrawer() {}

    /** Draws onto {@code bgr} in place. */
    public static void draw(Mat bgr, List<Detection> detections) {
        int thickness = Math.max(2, Math.min(bgr.cols(), bgr.rows()) / 300);
        for (Detection d : detections) {
            double[] b = d.box();
            Scalar colour = colour(d.label());
            Point topLeft = new Point((int) Math.round(b[0]), (int) Math.round(b[1]));
            rectangle(bgr, topLeft, new Point((int) Math.round(b[2]), (int) Math.round(b[3])), colour, thickness, LINE_AA, 0);
            String text = String.format(Locale.ROOT, "%s %.2f", d.label(), d.score());
            int[] baseline = new int[1];
            Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline);
            int top = Math.max(0, topLeft.y() - size.height() - baseline[0] - 2);
            rectangle(bgr, new Point(topLeft.x(), top), new Point(topLeft.x() + size.width() + 4, top + size.height() + baseline[0] + 2),
                    colour, FILLED, LINE_AA, 0);
            putText(bgr, text, new Point(topLeft.x() + 2, top + size.height() + 1), FONT_HERSHEY_SIMPLEX, FONT_SCALE,
                    new Scalar(0, 0, 0, 0), 1, LINE_AA, false);
        }
    }

    /** Writes a copy of {@code bgr} with the detections drawn to {@code file} (format from its extension). */
    public static void write(Mat bgr, List<Detection> detections, Path file) {
        try (Mat copy = bgr.clone()) {
            draw(copy, detections);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (!imwrite(file.toString(), copy)) {
                throw new UncheckedIOException(new IOException("cannot write image " + file + " (unknown extension or unwritable)"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + file + ": " + e.getMessage(), e);
        }
    }

    /** A bright colour per label, the same on every run. */
    static Scalar colour(String label) {
        int h = label.hashCode();
        return new Scalar(80 + (h & 0x7f), 80 + ((h >> 8) & 0x7f), 80 + ((h >> 16) & 0x7f), 0);
    }
}
