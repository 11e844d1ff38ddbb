package io.vigil.app.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vigil.vision.Images;
import io.vigil.vision.ModelSettings;
import io.vigil.vision.Models;
import io.vigil.vision.ObjectDetector;
import io.vigil.vision.OnnxDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Measures what the detector adds to inference: the median time of a whole {@link ObjectDetector#detect}
 * call (letterbox + tensor + inference + decoding + NMS) against the median time of the raw ONNX
 * Runtime session run alone on the same input tensor, with the same number of threads, alternated in
 * the same run so both see the same machine load (each measured call preceded by an unmeasured one of
 * the same session, see {@link #measure}).
 */
public final class DetectBench {
    private static final int WARM_UP = 3;

    /** One model's figures; the ratio is what the benchmark reports, the times depend on the machine. */
    public record Row(String model, int samples, double detectMs, double inferenceMs) {
        public double ratio() {
            return detectMs / inferenceMs;
        }

        /** Pre- and post-processing as a percentage of inference time (target: at most 10). */
        public double overheadPercent() {
            return (detectMs - inferenceMs) / inferenceMs * 100;
        }
    }

    private DetectBench() {}

    /** Benchmarks each model on each image {@code runs} times. */
    public static List<Row> run(List<String> models, List<Path> images, int runs, ModelSettings options) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("the detection benchmark needs at least one image");
        }
        List<Row> rows = new ArrayList<>();
        for (String spec : models) {
            rows.add(measure(spec, images, runs, options));
        }
        return rows;
    }

    /** {@code spec}: a model name, or {@code name@size} for another square input size (e.g. {@code nanodet@320}). */
    static Row measure(String spec, List<Path> images, int runs, ModelSettings options) {
        int at = spec.lastIndexOf('@');
        String model = at < 0 ? spec : spec.substring(0, at);
        if (at >= 0) {
            int size = Integer.parseInt(spec.substring(at + 1));
            options = options.withInputSize(size, size);
        }
        List<Mat> decoded = images.stream().map(Images::read).toList();
        try (ObjectDetector loaded = Models.load(model, options);
             OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            OnnxDetector detector = (OnnxDetector) loaded;
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(1);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession raw = env.createSession(detector.modelFile().toString(), sessionOptions)) {
                List<OnnxTensor> tensors = new ArrayList<>();
                for (Mat image : decoded) {
                    OnnxDetector.InputTensor t = detector.inputTensor(image);
                    tensors.add(OnnxTensor.createTensor(env, t.data(), t.shape()));
                }
                String input = detector.inputName();
                int samples = runs * decoded.size();
                double[] detectMs = new double[samples];
                double[] inferenceMs = new double[samples];
                for (int r = -WARM_UP; r < runs; r++) {
                    for (int i = 0; i < decoded.size(); i++) {
                        Mat image = decoded.get(i);
                        OnnxTensor tensor = tensors.get(i);
                        // A session's ONNX Runtime threads spin for a while after each run, so the first run of
                        // the other session competes with them for the cores (about 10 ms more per call on 2
                        // cores): each side first runs once unmeasured, then once measured.
                        detector.detect(image);
                        double detect = millis(() -> detector.detect(image));
                        raw.run(Map.of(input, tensor)).close();
                        double inference = millis(() -> raw.run(Map.of(input, tensor)).close());
                        if (r >= 0) {
                            detectMs[r * decoded.size() + i] = detect;
                            inferenceMs[r * decoded.size() + i] = inference;
                        }
                    }
                }
                tensors.forEach(OnnxTensor::close);
                return new Row(detector.name() + (at < 0 ? "" : spec.substring(at)), samples, median(detectMs), median(inferenceMs));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed in the benchmark of " + spec + ": " + e.getMessage(), e);
        } finally {
            decoded.forEach(Mat::close);
        }
    }

    private interface Call {
        void run() throws OrtException;
    }

    private static double millis(Call call) throws OrtException {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static String table(List<Row> rows, int threads) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%-14s %8s %14s %16s %7s %10s%n", "model", "samples", "detect ms/img", "inference ms/img", "ratio", "overhead"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-14s %8d %14.1f %16.1f %7.3f %9.1f%%%n",
                    r.model(), r.samples(), r.detectMs(), r.inferenceMs(), r.ratio(), r.overheadPercent()));
        }
        out.append(String.format(Locale.ROOT, "(medians; %d intra-op threads; detect = whole detect(Mat) call, "
                + "inference = raw ONNX Runtime session run on the same tensor; target overhead <= 10%%)%n", threads));
        return out.toString();
    }

    /** {@code DetectBench [--runs N] [--models nanodet,nanodet@320,centernet,yolov5s] [--threads T] IMAGE...} */
    public static void main(String[] args) {
        int runs = 20;
        List<String> models = List.of(Models.NANODET, Models.CENTERNET, Models.YOLOV5S);
        ModelSettings options = ModelSettings.defaults();
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--models" -> models = List.of(args[++i].split(","));
                case "--threads" -> options = options.withIntraOpThreads(Integer.parseInt(args[++i]));
                default -> images.add(Path.of(args[i]));
            }
        }
        System.out.print(table(run(models, images, runs, options), options.intraOpThreads()));
    }
}
