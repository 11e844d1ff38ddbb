package io.vigil.vision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * How to load and run a detector.
 *
 * @param cacheDir        where fetched and converted models are kept
 * @param intraOpThreads  ONNX Runtime threads per inference
 * @param minScore        detections below this score are dropped
 * @param nmsIou          overlap above which the lower-scored box of the same class is dropped
 * @param inputWidth      network input width: 0 for the model's own; NanoDet is converted for the size asked
 *                        (a multiple of 32); a user-supplied ONNX model whose input size is not fixed needs
 *                        one (else {@value YoloDetector#DEFAULT_INPUT_SIZE}); models of a fixed size refuse another
 * @param inputHeight     network input height, likewise
 * @param labels          class labels, in the model's class order (COCO-80 by default)
 * @param normalizedBoxes a YOLO-style model outputs boxes in 0..1 of the input size instead of input pixels
 */
public record ModelSettings(Path cacheDir, int intraOpThreads, double minScore, double nmsIou, int inputWidth,
                           int inputHeight, List<String> labels, boolean normalizedBoxes) {
    /** System property that overrides the default model cache directory. */
    public static final String CACHE_PROPERTY = "vigil.model.cache";

    public ModelSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
        }
        if (minScore < 0 || minScore > 1) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
        if (nmsIou <= 0 || nmsIou > 1) {
            throw new IllegalArgumentException("nmsIou must be in (0, 1], got " + nmsIou);
        }
        if (inputWidth < 0 || inputHeight < 0) {
            throw new IllegalArgumentException("input size must be positive (or 0 for the model's own), got " + inputWidth + "x" + inputHeight);
        }
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        labels = List.copyOf(labels);
    }

    /** Cache in {@code $vigil.model.cache} or ~/.cache/vigil/models, all cores, min score 0.3, NMS IoU 0.5, the model's input size, COCO labels. */
    public static ModelSettings defaults() {
        return new ModelSettings(defaultCacheDir(), Runtime.getRuntime().availableProcessors(), 0.3, 0.5, 0, 0,
                cocoLabels(), false);
    }

    public static Path defaultCacheDir() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "vigil", "models");
    }

    public ModelSettings withCacheDir(Path dir) {
        return new ModelSettings(dir, intraOpThreads, minScore, nmsIou, inputWidth, inputHeight, labels, normalizedBoxes);
    }

    public ModelSettings withIntraOpThreads(int threads) {
        return new ModelSettings(cacheDir, threads, minScore, nmsIou, inputWidth, inputHeight, labels, normalizedBoxes);
    }

    public ModelSettings withMinScore(double score) {
        return new ModelSettings(cacheDir, intraOpThreads, score, nmsIou, inputWidth, inputHeight, labels, normalizedBoxes);
    }

    public ModelSettings withNmsIou(double iou) {
        return new ModelSettings(cacheDir, intraOpThreads, minScore, iou, inputWidth, inputHeight, labels, normalizedBoxes);
    }

    public ModelSettings withInputSize(int width, int height) {
        return new ModelSettings(cacheDir, intraOpThreads, minScore, nmsIou, width, height, labels, normalizedBoxes);
    }

    public ModelSettings withLabels(List<String> newLabels) {
        return new ModelSettings(cacheDir, intraOpThreads, minScore, nmsIou, inputWidth, inputHeight, newLabels, normalizedBoxes);
    }

    public ModelSettings withNormalizedBoxes(boolean normalized) {
        return new ModelSettings(cacheDir, intraOpThreads, minScore, nmsIou, inputWidth, inputHeight, labels, normalized);
    }

    /** The 80 COCO class names in the usual detector order (person, bicycle, car, ...). */
    public static List<String> cocoLabels() {
        try (InputStream in = ModelSettings.class.getResourceAsStream("coco-labels.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource coco-labels.txt is missing from the vision jar");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
