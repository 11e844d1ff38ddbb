package io.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

/** Objects in the test photos, with boxes read by eye off the images (pixels, [x1, y1, x2, y2]). */
final class PhotoExpectations {
    static final double[] PERSON_IN_PERSON_JPG = {190, 98, 273, 375};
    static final double[] HORSE_IN_PERSON_JPG = {405, 138, 602, 346};
    static final double[] DOG_IN_PERSON_JPG = {64, 263, 202, 346};
    static final double[] DOG_IN_DOG_JPG = {132, 220, 310, 542};
    static final double[] BICYCLE_IN_DOG_JPG = {124, 136, 567, 420};
    static final double[] TRUCK_IN_DOG_JPG = {466, 72, 690, 170};

    private PhotoExpectations() {}

    static void assertPersonJpg(List<Detection> found) {
        assertFound(found, Set.of("person"), PERSON_IN_PERSON_JPG);
        assertFound(found, Set.of("horse"), HORSE_IN_PERSON_JPG);
        assertFound(found, Set.of("dog"), DOG_IN_PERSON_JPG);
    }

    static void assertDogJpg(List<Detection> found) {
        assertFound(found, Set.of("dog"), DOG_IN_DOG_JPG);
        assertFound(found, Set.of("bicycle"), BICYCLE_IN_DOG_JPG);
        assertFound(found, Set.of("truck", "car"), TRUCK_IN_DOG_JPG);
    }

    static void assertFound(List<Detection> found, Set<String> labels, double[] box) {
        assertThat(found)
                .as("a detection labelled %s overlapping %s by IoU >= 0.5 among %s", labels, java.util.Arrays.toString(box), found)
                .anySatisfy(d -> {
                    assertThat(labels).contains(d.label());
                    assertThat(d.iou(box)).isGreaterThanOrEqualTo(0.5);
                });
    }

    static void assertInside(List<Detection> found, int width, int height) {
        for (Detection d : found) {
            double[] b = d.box();
            assertThat(b[0]).as("%s", d).isBetween(0.0, b[2]);
            assertThat(b[1]).as("%s", d).isBetween(0.0, b[3]);
            assertThat(b[2]).as("%s", d).isLessThanOrEqualTo(width);
            assertThat(b[3]).as("%s", d).isLessThanOrEqualTo(height);
            assertThat(d.score()).isBetween(0.0, 1.0);
        }
    }
}
