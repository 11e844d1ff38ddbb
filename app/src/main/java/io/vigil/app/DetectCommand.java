package io.vigil.app;

import io.vigil.app.DetectReport;
import io.vigil.vision.Detection;
import io.vigil.vision.DetectionDrawer;
import io.vigil.vision.Images;
import io.vigil.vision.ModelSettings;
import io.vigil.vision.Models;
import io.vigil.vision.ObjectDetector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs the object detector on image files and prints one JSON line per image. */
@Command(name = "detect", description = "Detect objects in images; one JSON line per image.")
final class DetectCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "nanodet", paramLabel = "nanodet|centernet|yolov5s|PATH.onnx",
            description = "Model (default: nanodet). yolov5s weights are AGPL-licensed.")
    String model;

    @Option(names = "--min-score", defaultValue = "0.3", description = "Drop detections below this score (default: 0.3).")
    double minScore;

    @Option(names = "--input-size", description = "Square network input size: nanodet 416 (default) or 320; a YOLO-style .onnx model 640 unless given.")
    Integer inputSize;

    @Option(names = "--labels", split = ",", description = "Class labels of an .onnx model, comma-separated (default: COCO-80).")
    List<String> labels;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--draw", paramLabel = "DIR", description = "Also write each image with its boxes drawn into DIR.")
    Path drawDir;

    @Parameters(paramLabel = "IMAGE", arity = "1..*") List<Path> images;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        ModelSettings options = ModelSettings.defaults().withMinScore(minScore);
        if (inputSize != null) options = options.withInputSize(inputSize, inputSize);
        if (labels != null) options = options.withLabels(labels);
        if (threads != null) options = options.withIntraOpThreads(threads);
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        try (ObjectDetector detector = Models.load(model, options)) {
            for (Path image : images) {
                try (Mat bgr = Images.read(image)) {
                    long t0 = System.nanoTime();
                    List<Detection> found = detector.detect(bgr);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    out.println(DetectReport.jsonLine(image.getFileName().toString(), bgr.cols(), bgr.rows(), ms, found));
                    out.flush();
                    if (drawDir != null) DetectionDrawer.write(bgr, found, drawDir.resolve(image.getFileName()));
                } catch (RuntimeException e) {
                    failed++;
                    spec.commandLine().getErr().println("vigil detect: " + Vigil.message(e));
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
