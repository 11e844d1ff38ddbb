package io.vigil.detector;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.vigil.common.Alert;
import io.vigil.vision.Detection;
import io.vigil.vision.DetectionDrawer;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** The snapshot of an alert: the frame with the object's box and label drawn, as JPEG. */
final class SnapshotRenderer {
    private SnapshotRenderer() {}

    static byte[] render(Mat frame, Alert alert) {
        try (Mat canvas = frame.clone(); BytePointer out = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 85)) {
            DetectionDrawer.draw(canvas, List.of(new Detection(alert.label(), alert.score(), alert.box())));
            if (!imencode(".jpg", canvas, out, params)) throw new IllegalStateException("JPEG encoding of a snapshot failed");
            byte[] jpeg = new byte[(int) out.limit()];
            out.get(jpeg);
            return jpeg;
        }
    }
}
