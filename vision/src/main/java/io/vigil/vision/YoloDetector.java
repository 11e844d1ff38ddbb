package io.vigil.vision;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A detector with a YOLO-style output: one tensor [1, N, 5 + classes] of rows (cx, cy, w, h,
 * objectness, class scores) as YOLOv5 exports it, or without objectness ([1, N, 4 + classes]), or
 * transposed ([1, 4 + classes, N], as YOLOv8 exports it). Boxes in input pixels, or in 0..1 of the
 * input with {@link ModelSettings#normalizedBoxes()}. Input: RGB scaled to 0..1, NCHW or NHWC as the
 * model declares; its size is the model's if fixed, else the options' (else {@value #DEFAULT_INPUT_SIZE}).
 */
public final class YoloDetector extends OnnxDetector {
    /** Input size of a model whose input size is not fixed, when the options name none. */
    public static final int DEFAULT_INPUT_SIZE = 640;
    private boolean transposed;
    private boolean objectness;
    private int rows;
    private int attributes;

    public YoloDetector(Path onnx, ModelSettings options) {
        this("yolo", onnx, options);
    }

    public YoloDetector(String name, Path onnx, ModelSettings options) {
        this(name, OnnxModel.load(onnx, options.intraOpThreads()), options);
    }

    private YoloDetector(String name, OnnxModel model, ModelSettings options) {
        super(name, model, options, inputFormat(model, options));
        checkOutputs();
    }

    private static ImageTensor.Format inputFormat(OnnxModel model, ModelSettings options) {
        long[] s = model.inputShape();
        boolean nchw = s.length == 4 && s[1] == 3;
        boolean nhwc = s.length == 4 && s[3] == 3;
        if (!nchw && !nhwc) {
            model.close();
            throw new ModelLoadException("model " + model.file() + " has input " + Arrays.toString(s)
                    + "; a YOLO-style detector needs an image input [1, 3, H, W] or [1, H, W, 3]");
        }
        long h = nchw ? s[2] : s[1];
        long w = nchw ? s[3] : s[2];
        float[] zero = {0, 0, 0};
        float[] to01 = {255, 255, 255};
        int width = w > 0 ? (int) w : options.inputWidth() > 0 ? options.inputWidth() : DEFAULT_INPUT_SIZE;
        int height = h > 0 ? (int) h : options.inputHeight() > 0 ? options.inputHeight() : DEFAULT_INPUT_SIZE;
        return new ImageTensor.Format(width, height, nchw, true, zero, to01);
    }

    @Override
    String checkOutputs(List<OnnxModel.Output> outputs) {
        int classes = options.labels().size();
        long[] s = outputs.get(0).shape();
        if (s.length == 3 && s[0] == 1) {
            if (s[2] == 5 + classes || s[2] == 4 + classes) {
                transposed = false;
                objectness = s[2] == 5 + classes;
                rows = (int) s[1];
                attributes = (int) s[2];
                return null;
            }
            if (s[1] == 5 + classes || s[1] == 4 + classes) {
                transposed = true;
                objectness = s[1] == 5 + classes;
                rows = (int) s[2];
                attributes = (int) s[1];
                return null;
            }
        }
        return "do not match a YOLO-style first output [1, N, 5 + " + classes + "] (cx, cy, w, h, objectness, "
                + classes + " class scores), [1, N, 4 + " + classes + "] or their transpose, for " + classes + " labels";
    }

    @Override
    List<Detection> decode(List<OnnxModel.Output> outputs, Letterbox letterbox) {
        FloatBuffer out = outputs.get(0).data();
        List<String> labels = options.labels();
        int classes = labels.size();
        int firstClass = objectness ? 5 : 4;
        double sx = options.normalizedBoxes() ? format.width() : 1;
        double sy = options.normalizedBoxes() ? format.height() : 1;
        // Element (row, a) of the output sits at row * rowStep + a * attributeStep.
        int rowStep = transposed ? 1 : attributes;
        int attributeStep = transposed ? rows : 1;
        double minScore = options.minScore();
        List<Detection> found = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int base = r * rowStep;
            double object = objectness ? out.get(base + 4 * attributeStep) : 1;
            if (object < minScore) {
                continue;
            }
            int best = 0;
            float bestScore = out.get(base + firstClass * attributeStep);
            for (int k = 1; k < classes; k++) {
                float v = out.get(base + (firstClass + k) * attributeStep);
                if (v > bestScore) {
                    bestScore = v;
                    best = k;
                }
            }
            double score = object * bestScore;
            if (score < minScore) {
                continue;
            }
            double cx = out.get(base) * sx, cy = out.get(base + attributeStep) * sy;
            double w = out.get(base + 2 * attributeStep) * sx, h = out.get(base + 3 * attributeStep) * sy;
            found.add(new Detection(labels.get(best), score,
                    letterbox.toImage(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)));
        }
        return found;
    }
}
