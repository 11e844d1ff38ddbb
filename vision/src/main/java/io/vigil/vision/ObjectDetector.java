package io.vigil.vision;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds objects in images. Implementations are thread-safe: each calling thread gets its own
 * ONNX Runtime predictor.
 */
public interface ObjectDetector extends AutoCloseable {

    /** Objects in a BGR image (8-bit, 3 channels; grey and BGRA are converted), boxes in its pixels, best first. */
    List<Detection> detect(Mat bgr);

    /**
     * Objects in an encoded image (JPEG, PNG, anything OpenCV decodes).
     *
     * @throws IllegalArgumentException if the bytes are empty or not a decodable image
     */
    default List<Detection> detect(byte[] encodedImage) {
        try (Mat image = Images.decode(encodedImage)) {
            return detect(image);
        }
    }

    /** Side of the square the model looks at (its input size): the size of the detector's regions. */
    int inputSize();

    /** Short model name, e.g. "nanodet". */
    String name();

    /** The class labels this model can report. */
    List<String> labels();

    @Override
    void close();
}
