package io.vigil.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Decoding of image files and bytes into BGR {@link Mat}s, with clear errors for bad input. */
public final class Images {
    private Images() {}

    /** Decodes JPEG/PNG/... bytes to a BGR image; the caller closes it. */
    public static Mat decode(byte[] encoded) {
        return decode(encoded, "image");
    }

    /** Reads and decodes an image file; the caller closes the result. */
    public static Mat read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, "image " + file);
    }

    private static Mat decode(byte[] encoded, String what) {
        if (encoded == null || encoded.length == 0) {
            throw new IllegalArgumentException(what + " is empty (0 bytes)");
        }
        Mat image;
        try (BytePointer data = new BytePointer(encoded); Mat buffer = new Mat(1, encoded.length, CV_8UC1, data)) {
            image = imdecode(buffer, IMREAD_COLOR);
        }
        if (image == null || image.empty()) {
            if (image != null) {
                image.close();
            }
            throw new IllegalArgumentException(what + " (" + encoded.length + " bytes) is not a decodable image (JPEG, PNG, ...) or is corrupt");
        }
        return image;
    }
}
