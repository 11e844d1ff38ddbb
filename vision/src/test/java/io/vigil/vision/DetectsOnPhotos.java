package io.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What every COCO detector Vigil ships must find on the sample photos and a frame of the sample footage. */
abstract class DetectsOnPhotos {
    abstract ObjectDetector detector();

    @Test
    void findsThePersonTheHorseAndTheDog() {
        List<Detection> found = detector().detect(TestModels.resource("person.jpg"));
        PhotoExpectations.assertPersonJpg(found);
        PhotoExpectations.assertInside(found, 640, 424);
    }

    @Test
    void findsTheDogTheBicycleAndTheTruck() {
        List<Detection> found = detector().detect(TestModels.resource("dog.jpg"));
        PhotoExpectations.assertDogJpg(found);
        PhotoExpectations.assertInside(found, 768, 576);
    }

    @Test
    void findsAtLeastFivePeopleInAFrameOfTheSampleFootage() {
        List<Detection> found = detector().detect(TestModels.resource("vtest-frame600.jpg"));
        assertThat(found.stream().filter(d -> d.label().equals("person"))).hasSizeGreaterThanOrEqualTo(5);
    }
}
