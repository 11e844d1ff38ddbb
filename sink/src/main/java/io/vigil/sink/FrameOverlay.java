package io.vigil.sink;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.vigil.common.FrameObjects;
import io.vigil.common.media.BoxDrawer;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** A live frame with the boxes of what the detector tracks on it: confirmed objects with their score, tentative ones with "?". */
final class FrameOverlay {
    private static final int JPEG_QUALITY = 85;

    private FrameOverlay() {}

    /** The JPEG with the boxes drawn; the JPEG itself when there is nothing to draw or it cannot be decoded. */
    static byte[] draw(byte[] jpeg, FrameObjects objects) {
        // a lost object is not where its box was: drawing it there would mislead
        List<FrameObjects.Track> shown = objects.objects().stream()
                .filter(t -> t.box() != null && t.box().length == 4 && t.label() != null && !FrameObjects.LOST.equals(t.state()))
                .toList();
        if (shown.isEmpty()) return jpeg;
        try (BytePointer in = new BytePointer(jpeg); Mat buffer = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, in);
             Mat image = imdecode(buffer, IMREAD_COLOR)) {
            if (image.empty()) return jpeg;
            double sx = objects.frameWidth() > 0 ? (double) image.cols() / objects.frameWidth() : 1;
            double sy = objects.frameHeight() > 0 ? (double) image.rows() / objects.frameHeight() : 1;
            for (FrameObjects.Track t : shown) {
                double[] b = t.box();
                String text = t.id() == null ? t.label() + " ?" : String.format(Locale.ROOT, "%s %.0f%%", t.label(), t.score() * 100);
                BoxDrawer.draw(image, new double[] {b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy}, t.label(), text);
            }
            try (BytePointer out = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
                if (!imencode(".jpg", image, out, params)) return jpeg;
                byte[] drawn = new byte[(int) out.limit()];
                out.get(drawn);
                return drawn;
            }
        }
    }
}
