package io.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.vision.tfjs.TfjsToOnnxConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YOLOv5s converted from TF.js, and user-supplied ONNX files through {@link Models#load}. */
class YoloDetectorIT extends DetectsOnPhotos {
    private static ObjectDetector yolo;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        yolo = Models.load("yolov5s", ModelSettings.defaults());
    }

    @AfterAll
    static void close() {
        yolo.close();
    }

    @Override
    ObjectDetector detector() {
        return yolo;
    }

    @Test
    void anOnnxFileGivenByPathIsUsedAsAYoloStyleModel() {
        Path onnx = TfjsToOnnxConverter.convertCached(TestModels.modelJson(ModelFetcher.YOLOV5S));
        try (ObjectDetector custom = Models.load(onnx.toString(), ModelSettings.defaults().withNormalizedBoxes(true))) {
            PhotoExpectations.assertDogJpg(custom.detect(TestModels.resource("dog.jpg")));
        }
    }

    @Test
    void aFileThatIsNotOnnxIsRejectedClearly() throws Exception {
        Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "this is not a model");
        assertThatThrownBy(() -> Models.load(notOnnx.toString(), ModelSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load " + notOnnx + " as an ONNX model");
    }

    @Test
    void aModelWithoutAYoloStyleOutputIsRejectedAtLoad() {
        Path nanodet = TfjsToOnnxConverter.convertCached(TestModels.modelJson(ModelFetcher.NANODET));
        assertThatThrownBy(() -> Models.load(nanodet.toString(), ModelSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("do not match a YOLO-style first output [1, N, 5 + 80]");
    }

    @Test
    void unknownModelNamesAreRejected() {
        assertThatThrownBy(() -> Models.load("resnet", ModelSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model 'resnet'");
    }
}
