package io.vigil.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.vigil.common.media.BoxDrawer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/** Draws detections (box + "label score") onto images, e.g. for {@code vigil detect --draw DIR}. */
public final class DetectionDrawer {
    private DetectionDrawer() {}

    /** Draws onto {@code bgr} in place. */
    public static void draw(Mat bgr, List<Detection> detections) {
        for (Detection d : detections) {
            BoxDrawer.draw(bgr, d.box(), d.label(), String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()));
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
}
