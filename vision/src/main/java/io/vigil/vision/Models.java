package io.vigil.vision;

import io.vigil.vision.tfjs.ModelConversionException;
import io.vigil.vision.tfjs.TfjsToOnnxConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Loads a detector by name or file, fetching and converting the model on first use. */
public final class Models {
    public static final String NANODET = "nanodet";
    public static final String YOLOV5S = "yolov5s";
    public static final String CENTERNET = "centernet";

    private Models() {}

    /**
     * @param spec {@code nanodet} (default when null or blank; at the options' input size, else 416),
     *             {@code centernet}, {@code yolov5s}, a path to an
     *             {@code .onnx} file with a YOLO-style output (input size and labels from {@code options}),
     *             or a path to a TF.js {@code model.json} with a YOLO-style output
     */
    public static ObjectDetector load(String spec, ModelSettings options) {
        String s = spec == null || spec.isBlank() ? NANODET : spec.strip();
        ModelFetcher fetcher = new ModelFetcher(options.cacheDir());
        switch (s.toLowerCase(Locale.ROOT)) {
            case NANODET -> {
                int size = NanoDetDetector.inputSize(options);
                Path json = fetcher.fetch(ModelFetcher.NANODET);
                return new NanoDetDetector(convert(json, size == NanoDetDetector.DEFAULT_INPUT_SIZE ? 0 : size), options);
            }
            case CENTERNET -> {
                requireOwnSize(CENTERNET, CenterNetDetector.INPUT_SIZE, options);
                return new CenterNetDetector(convert(fetcher.fetch(ModelFetcher.CENTERNET), 0), options);
            }
            case YOLOV5S -> {
                // The TF.js export of YOLOv5 takes 640×640 and outputs boxes in 0..1 of the input.
                requireOwnSize(YOLOV5S, 640, options);
                return new YoloDetector(YOLOV5S, convert(fetcher.fetch(ModelFetcher.YOLOV5S), 0),
                        options.withInputSize(640, 640).withNormalizedBoxes(true));
            }
            default -> {
                Path file = Path.of(s);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("unknown model '" + s + "': use " + NANODET + ", " + CENTERNET + ", "
                            + YOLOV5S + " or the path of an existing .onnx file");
                }
                Path onnx = s.endsWith(".json") ? convert(file, 0) : file;
                return new YoloDetector(file.getFileName().toString(), onnx, options);
            }
        }
    }

    /** A graph whose size is fixed (the TF.js graphs we ship) cannot take another input size. */
    private static void requireOwnSize(String model, int size, ModelSettings options) {
        if ((options.inputWidth() != 0 && options.inputWidth() != size) || (options.inputHeight() != 0 && options.inputHeight() != size)) {
            throw new IllegalArgumentException("model " + model + " takes a fixed " + size + "x" + size + " input, not "
                    + options.inputWidth() + "x" + options.inputHeight() + "; the input size applies to nanodet and to .onnx models");
        }
    }

    /** The cached ONNX conversion of {@code modelJson}, for a square input of {@code size} (0: the graph's own). */
    private static Path convert(Path modelJson, int size) {
        try {
            return TfjsToOnnxConverter.convertCached(modelJson, size, size);
        } catch (ModelConversionException e) {
            throw new ModelLoadException("cannot convert " + modelJson + " to ONNX: " + e.getMessage(), e);
        }
    }
}
