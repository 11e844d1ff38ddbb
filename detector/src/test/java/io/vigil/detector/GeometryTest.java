package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeometryTest {
    private static final Polygon DOOR = Polygon.of("door", List.of(List.of(0.0, 0.0), List.of(100.0, 0.0), List.of(100.0, 100.0), List.of(0.0, 100.0)));
    private static final Polygon TREE = Polygon.of("tree", List.of(List.of(200.0, 0.0), List.of(300.0, 0.0), List.of(250.0, 100.0)));

    @Test
    void polygonContainsByEvenOddRule() {
        assertThat(DOOR.contains(50, 50)).isTrue();
        assertThat(DOOR.contains(150, 50)).isFalse();
        assertThat(TREE.contains(250, 20)).isTrue();
        assertThat(TREE.contains(205, 90)).isFalse();
    }

    @Test
    void badPolygonNamesItself() {
        assertThatThrownBy(() -> Polygon.of("porch", List.of(List.of(0.0, 0.0), List.of(1.0, 1.0))))
                .hasMessageContaining("porch").hasMessageContaining("3 points");
        assertThatThrownBy(() -> Polygon.of("porch", List.of(List.of(0.0), List.of(1.0, 1.0), List.of(2.0, 0.0))))
                .hasMessageContaining("porch").hasMessageContaining("point 0");
    }

    @Test
    void filterUsesBottomCentreForZonesAndMasksAndKeepsOnlyConfiguredLabels() {
        ObjectFilter f = new ObjectFilter(Map.of("person", new LabelRule(0.5, 100, 50_000)),
                new CameraRules(List.of(DOOR), List.of(TREE), List.of()));
        // bottom-centre (50, 90) in the door even though the box reaches outside it
        assertThat(f.apply("person", 0.6, new double[] {30, 20, 70, 90}).zones()).containsExactly("door");
        assertThat(f.apply("person", 0.6, new double[] {130, 20, 170, 190}).zones()).isEmpty();
        assertThat(f.apply("person", 0.4, new double[] {30, 20, 70, 90})).as("below min score").isNull();
        assertThat(f.apply("car", 0.9, new double[] {30, 20, 70, 90})).as("label not configured").isNull();
        assertThat(f.apply("person", 0.9, new double[] {240, 10, 260, 30})).as("bottom-centre in a mask").isNull();
        assertThat(f.apply("person", 0.9, new double[] {0, 0, 5, 5})).as("smaller than min area").isNull();
        assertThat(f.apply("person", 0.9, new double[] {0, 0, 600, 400})).as("larger than max area").isNull();
    }
}
