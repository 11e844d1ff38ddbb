package io.vigil.vision;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CenterNet with a MobileNetV3 backbone (COCO): 512×512 RGB input in 0..255, NHWC. The graph decodes
 * its own heatmap (3×3 max-pool peaks, top 100): its output {@code detections} [1, 100, 6] has one
 * row per peak, (x1, y1, x2, y2) in input pixels, score, class index (COCO-80 order), best first.
 */
public final class CenterNetDetector extends OnnxDetector {
    static final int INPUT_SIZE = 512;
    static final int ROW = 6;
    private static final ImageTensor.Format FORMAT = new ImageTensor.Format(INPUT_SIZE, INPUT_SIZE, false, true,
            new float[3], new float[] {1, 1, 1});

    private int detections = -1;
    private int rows;

    public CenterNetDetector(Path onnx, ModelSettings options) {
        super("centernet", OnnxModel.load(onnx, options.intraOpThreads()), options, FORMAT);
        checkOutputs();
    }

    @Override
    String checkOutputs(List<OnnxModel.Output> outputs) {
        for (int i = 0; i < outputs.size(); i++) {
            long[] s = outputs.get(i).shape();
            if (s.length == 3 && s[0] == 1 && s[2] == ROW) {
                detections = i;
                rows = (int) s[1];
                return null;
            }
        }
        return "lack the decoded detections [1, N, 6] (x1, y1, x2, y2, score, class)";
    }

    @Override
    List<Detection> decode(List<OnnxModel.Output> outputs, Letterbox letterbox) {
        FloatBuffer out = outputs.get(detections).data();
        List<String> labels = options.labels();
        double minScore = options.minScore();
        float[] row = new float[ROW];
        List<Detection> found = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.get(r * ROW, row);
            int k = (int) row[5];
            // Rows are sorted by score; past the last peak above the threshold there is nothing to keep.
            if (row[4] < minScore) {
                break;
            }
            if (k < 0 || k >= labels.size()) {
                continue;
            }
            found.add(new Detection(labels.get(k), row[4], letterbox.toImage(row[0], row[1], row[2], row[3])));
        }
        return found;
    }
}
