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
     * @param spec {@code nanodet} (default when null or blank), {@code yolov5s}, a path to an
     *             {@code .onnx} file with a YOLO-style output (input size and labels from {@code options}),
     *             or a path to a TF.js {@code model.json} with a YOLO-style output
     */
    public static ObjectDetector load(String spec, ModelSettings options) {
        String s = spec == null || spec.isBlank() ? NANODET : spec.strip();
        ModelFetcher fetcher = new ModelFetcher(options.cacheDir());
        switch (s.toLowerCase(Locale.ROOT)) {
            case NANODET -> {
                Path json = fetcher.fetch(ModelFetcher.NANODET);
                return new NanoDetDetector(convert(json), options);
            }
            case CENTERNET -> {
                Path json = fetcher.fetch(ModelFetcher.CENTERNET);
                return new CenterNetDetector(convert(json), options);
            }
            case YOLOV5S -> {
                Path json = fetcher.fetch(ModelFetcher.YOLOV5S);
                // The TF.js export of YOLOv5 takes 640×640 and outputs boxes in 0..1 of the input.
                return new YoloDetector(YOLOV5S, convert(json), options.withInputSize(640, 640).withNormalizedBoxes(true));
            }
            default -> {
                Path file = Path.of(s);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("unknown model '" + s + "': use " + NANODET + ", " + YOLOV5S
                            + " or the path of an existing .onnx file");
                }
                Path onnx = s.endsWith(".json") ? convert(file) : file;
                return new YoloDetector(file.getFileName().toString(), onnx, options);
            }
        }
    }

    private static Path convert(Path modelJson) {
        try {
            return TfjsToOnnxConverter.convertCached(modelJson);
        } catch (ModelConversionException e) {
            throw new ModelLoadException("cannot convert " + modelJson + " to ONNX: " + e.getMessage(), e);
        }
    }
}
