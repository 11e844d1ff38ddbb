package io.vigil.vision;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.bytedeco.opencv.opencv_core.Mat;

/** What every ONNX detector shares: letterboxed input tensor → ONNX Runtime → decoding → per-class NMS. */
public abstract class OnnxDetector implements ObjectDetector {
    static final int MAX_DETECTIONS = 100;

    final String name;
    final OnnxModel model;
    final ModelSettings options;
    final ImageTensor.Format format;
    private final ThreadLocal<ImageTensor.Scratch> scratch = ThreadLocal.withInitial(ImageTensor.Scratch::new);

    OnnxDetector(String name, OnnxModel model, ModelSettings options, ImageTensor.Format format) {
        this.name = name;
        this.model = model;
        this.options = options;
        this.format = format;
    }

    /** The ONNX file this detector runs (for the benchmark that times the raw session against detect). */
    public Path modelFile() {
        return model.file();
    }

    /** The name of the model's input. */
    public String inputName() {
        return model.inputName();
    }

    /** The input {@link #detect} feeds the model for this image: letterboxed, normalised, as {@code (data, shape)}. */
    public InputTensor inputTensor(Mat image) {
        ImageTensor t = ImageTensor.of(image, format);
        return new InputTensor(t.data(), t.shape());
    }

    /** A model input: the values and the shape. */
    public record InputTensor(FloatBuffer data, long[] shape) {}

    /**
     * Runs the model once on a blank image and checks its outputs, so that a model of the wrong kind
     * fails at load time rather than on the first frame.
     */
    final void checkOutputs() {
        String problem;
        try {
            problem = model.run(FloatBuffer.allocate(3 * format.width() * format.height()), format.shape(),
                    outputs -> {
                        String wrong = checkOutputs(outputs);
                        return wrong == null ? null : "its outputs " + describe(outputs) + " " + wrong;
                    });
        } catch (RuntimeException e) {
            model.close();
            throw new ModelLoadException("model " + model.file() + " cannot run on a " + Arrays.toString(format.shape())
                    + " input: " + OnnxModel.rootMessage(e), e);
        }
        if (problem != null) {
            model.close();
            throw new ModelLoadException("model " + model.file() + " does not fit the " + name + " detector: " + problem);
        }
    }

    /** Null if the outputs are what {@link #decode} expects, else what is wrong with them. */
    abstract String checkOutputs(List<OnnxModel.Output> outputs);

    /** Detections (before NMS) in image pixels. */
    abstract List<Detection> decode(List<OnnxModel.Output> outputs, Letterbox letterbox);

    @Override
    public List<Detection> detect(Mat bgr) {
        ImageTensor input = preprocess(bgr);
        List<Detection> candidates = model.run(input.data(), input.shape(), outputs -> decode(outputs, input.letterbox()));
        return Nms.apply(candidates, options.nmsIou(), MAX_DETECTIONS);
    }

    /** The image as this model's input tensor, in this thread's reusable buffers (valid until its next call). */
    ImageTensor preprocess(Mat bgr) {
        return ImageTensor.of(bgr, format, scratch.get());
    }

    @Override
    public int inputSize() {
        return Math.max(format.width(), format.height());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> labels() {
        return options.labels();
    }

    @Override
    public void close() {
        model.close();
    }

    static String describe(List<OnnxModel.Output> outputs) {
        return outputs.stream().map(o -> o.name() + Arrays.toString(o.shape())).collect(Collectors.joining(", ", "[", "]"));
    }
}
