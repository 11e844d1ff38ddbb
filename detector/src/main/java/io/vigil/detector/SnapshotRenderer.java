package io.vigil.detector;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.vigil.common.Alert;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** The snapshot of an alert: the frame with the object's box and label drawn, as JPEG. */
final class SnapshotRenderer {
    private static final Scalar GREEN = new Scalar(0, 220, 0, 0);

    private SnapshotRenderer() {}

    static byte[] render(Mat frame, Alert alert) {
        try (Mat canvas = frame.clone(); BytePointer out = new BytePointer()) {
            double[] b = alert.box();
            Point p1 = new Point((int) Math.round(b[0]), (int) Math.round(b[1]));
            Point p2 = new Point((int) Math.round(b[2]), (int) Math.round(b[3]));
            rectangle(canvas, p1, p2, GREEN, 2, LINE_AA, 0);
            String text = String.format(Locale.ROOT, "%s %.0f%%", alert.label(), alert.score() * 100);
            Point at = new Point(p1.x(), Math.max(12, p1.y() - 4));
            putText(canvas, text, at, FONT_HERSHEY_SIMPLEX, 0.5, GREEN, 1, LINE_AA, false);
            imencode(".jpg", canvas, out, new int[] {IMWRITE_JPEG_QUALITY, 85});
            byte[] jpeg = new byte[(int) out.limit()];
            out.get(jpeg);
            p1.close();
            p2.close();
            at.close();
            return jpeg;
        }
    }
}
