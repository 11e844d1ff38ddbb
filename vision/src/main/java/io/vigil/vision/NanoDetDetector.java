package io.vigil.vision;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * NanoDet-m (COCO, Apache-2.0): a square BGR input (416×416 as packaged, 320×320 as trained; any
 * multiple of 32 once converted for it) normalised with the ImageNet mean/std; per stride
 * 8, 16 and 32 a class-score output [1, N, 80] (sigmoid already applied in the graph) and a box
 * output [1, N, 44]: for each side (left, top, right, bottom) 11 bins whose softmax expectation,
 * times the stride, is the distance from the cell centre ((column + 0.5) × stride, likewise rows).
 */
public final class NanoDetDetector extends OnnxDetector {
    /** The input size of the packaged TF.js graph. */
    public static final int DEFAULT_INPUT_SIZE = 416;
    static final int[] STRIDES = {8, 16, 32};
    static final int BINS = 11;

    private final int inputSize;

    /** Per stride: index of the score output and of the box output. */
    private final int[] scoreOutput = new int[STRIDES.length];
    private final int[] boxOutput = new int[STRIDES.length];

    /**
     * Loads a NanoDet ONNX model (as converted from the TF.js graph model, for the options' input size
     * or else {@value #DEFAULT_INPUT_SIZE}) and checks its outputs.
     */
    public NanoDetDetector(Path onnx, ModelSettings options) {
        this(onnx, options, inputSize(options));
    }

    private NanoDetDetector(Path onnx, ModelSettings options, int size) {
        super("nanodet", OnnxModel.load(onnx, options.intraOpThreads()), options, new ImageTensor.Format(size, size, true,
                false, new float[] {103.53f, 116.28f, 123.675f}, new float[] {57.375f, 57.12f, 58.395f}));
        this.inputSize = size;
        checkOutputs();
    }

    /** The square input size the options ask for (0: {@value #DEFAULT_INPUT_SIZE}), a multiple of the largest stride. */
    static int inputSize(ModelSettings options) {
        int size = options.inputWidth() == 0 ? DEFAULT_INPUT_SIZE : options.inputWidth();
        if (options.inputHeight() != options.inputWidth() || size % 32 != 0) {
            throw new IllegalArgumentException("nanodet needs a square input whose side is a multiple of 32 (such as 320 or 416), got "
                    + options.inputWidth() + "x" + options.inputHeight());
        }
        return size;
    }

    @Override
    String checkOutputs(List<OnnxModel.Output> outputs) {
        int classes = options.labels().size();
        for (int level = 0; level < STRIDES.length; level++) {
            int cells = cells(level);
            scoreOutput[level] = find(outputs, cells, classes);
            boxOutput[level] = find(outputs, cells, 4 * BINS);
            if (scoreOutput[level] < 0 || boxOutput[level] < 0) {
                return "lack, for stride " + STRIDES[level] + ", class scores [1, " + cells + ", " + classes
                        + "] and box bins [1, " + cells + ", " + 4 * BINS + "]";
            }
        }
        return null;
    }

    private int cells(int level) {
        int side = inputSize / STRIDES[level];
        return side * side;
    }

    private static int find(List<OnnxModel.Output> outputs, long cells, long width) {
        for (int i = 0; i < outputs.size(); i++) {
            long[] s = outputs.get(i).shape();
            if (s.length == 3 && s[0] == 1 && s[1] == cells && s[2] == width) {
                return i;
            }
        }
        return -1;
    }

    @Override
    List<Detection> decode(List<OnnxModel.Output> outputs, Letterbox letterbox) {
        List<String> labels = options.labels();
        int classes = labels.size();
        float minScore = (float) options.minScore();
        double[] distances = new double[4];
        float[] cellScores = new float[classes];
        List<Detection> found = new ArrayList<>();
        for (int level = 0; level < STRIDES.length; level++) {
            int stride = STRIDES[level];
            int side = inputSize / stride;
            FloatBuffer scores = outputs.get(scoreOutput[level]).data();
            FloatBuffer bins = outputs.get(boxOutput[level]).data();
            for (int cell = 0; cell < side * side; cell++) {
                // One bulk read per cell: the outputs are views of native memory, slower to read value by value.
                scores.get(cell * classes, cellScores);
                boolean decoded = false;
                for (int k = 0; k < classes; k++) {
                    float score = cellScores[k];
                    if (score < minScore) {
                        continue;
                    }
                    if (!decoded) {
                        sideDistances(bins, cell * 4 * BINS, stride, distances);
                        decoded = true;
                    }
                    double cx = (cell % side + 0.5) * stride;
                    double cy = (cell / side + 0.5) * stride;
                    found.add(new Detection(labels.get(k), score, letterbox.toImage(
                            cx - distances[0], cy - distances[1], cx + distances[2], cy + distances[3])));
                }
            }
        }
        return found;
    }

    /** Distances left, top, right, bottom: the expectation of each side's softmax over its bins, times the stride. */
    private static void sideDistances(FloatBuffer bins, int offset, int stride, double[] out) {
        for (int side = 0; side < 4; side++) {
            int base = offset + side * BINS;
            float max = Float.NEGATIVE_INFINITY;
            for (int b = 0; b < BINS; b++) {
                max = Math.max(max, bins.get(base + b));
            }
            double sum = 0, expectation = 0;
            for (int b = 0; b < BINS; b++) {
                double e = Math.exp(bins.get(base + b) - max);
                sum += e;
                expectation += b * e;
            }
            out[side] = expectation / sum * stride;
        }
    }
}
