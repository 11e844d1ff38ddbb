package io.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.vision.tfjs.TfjsToOnnxConverter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of the converter: the real models run by TensorFlow.js itself (in Node) and,
 * converted, by ONNX Runtime, on the same real photo; every output must agree.
 */
class TfjsReferenceIT {
    private static Path nodeModules;

    @TempDir
    Path dir;

    @BeforeAll
    static void tensorflowJs() throws Exception {
        assumeTrue(TestModels.commandAvailable("node") && TestModels.commandAvailable("npm"),
                "node and npm are not installed: the comparison with TensorFlow.js cannot run");
        nodeModules = TestModels.tfjsNodeModules();
    }

    @Test
    void nanodetMatchesTensorflowJs() throws Exception {
        ImageTensor.Format format = new ImageTensor.Format(416, 416, true, false,
                new float[] {103.53f, 116.28f, 123.675f}, new float[] {57.375f, 57.12f, 58.395f});
        compare(TestModels.modelJson(ModelFetcher.NANODET), format, 6);
    }

    @Test
    void yolov5sMatchesTensorflowJs() throws Exception {
        ImageTensor.Format format = new ImageTensor.Format(640, 640, false, true, new float[3], new float[] {255, 255, 255});
        compare(TestModels.modelJson(ModelFetcher.YOLOV5S), format, 1);
    }

    @Test
    void centernetMatchesTensorflowJs() throws Exception {
        ImageTensor.Format format = new ImageTensor.Format(512, 512, false, true, new float[3], new float[] {1, 1, 1});
        compare(TestModels.modelJson(ModelFetcher.CENTERNET), format, 3);
    }

    private void compare(Path modelJson, ImageTensor.Format format, int expectedOutputs) throws Exception {
        ImageTensor input;
        try (Mat image = Images.decode(TestModels.resource("person.jpg"))) {
            input = ImageTensor.of(image, format);
        }
        Path inputFile = dir.resolve("input.f32");
        ByteBuffer bytes = ByteBuffer.allocate(4 * input.data().capacity()).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(input.data().duplicate());
        Files.write(inputFile, bytes.array());
        Path script = TestModels.resourceFile("tfjs-reference.js", dir);
        String shape = Arrays.stream(input.shape()).mapToObj(Long::toString).collect(Collectors.joining(","));
        Path reference = dir.resolve("reference");
        TestModels.run(List.of("node", script.toString(), modelJson.toString(), inputFile.toString(), shape, reference.toString()),
                dir, nodeModules);

        Path onnx = TfjsToOnnxConverter.convertCached(modelJson);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        JsonNode outputs = new ObjectMapper().readTree(reference.resolve("outputs.json").toFile());
        assertThat(outputs).hasSize(expectedOutputs);
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, input.data(), input.shape());
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            for (JsonNode o : outputs) {
                float[] expected = floats(reference.resolve(o.get("file").asText()));
                OnnxTensor actual = (OnnxTensor) result.get(o.get("name").asText()).orElseThrow();
                float[] values = new float[(int) actual.getInfo().getNumElements()];
                actual.getFloatBuffer().get(values);
                assertThat(values).as("output %s", o.get("name").asText()).hasSameSizeAs(expected);
                double maxDiff = 0, peak = 0;
                for (int i = 0; i < values.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(values[i] - expected[i]));
                    peak = Math.max(peak, Math.abs(expected[i]));
                }
                System.out.printf("%s: max |ONNX - TF.js| %.3g, largest |TF.js| %.3g%n", o.get("name").asText(), maxDiff, peak);
                // 1e-4, or 1e-5 of the output's largest magnitude for outputs in pixels (CenterNet's boxes, up to 512)
                assertThat(maxDiff).as("max |ONNX - TF.js| of output %s (largest |TF.js| value %s)", o.get("name").asText(), peak)
                        .isLessThan(1e-5 * Math.max(10, peak));
            }
        }
    }

    private static float[] floats(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }
}
