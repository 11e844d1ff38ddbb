package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vision.Detection;
import io.vigil.vision.DetectionDrawer;
import io.vigil.vision.Images;
import io.vigil.vision.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectReportIT {
    @TempDir
    Path dir;

    @Test
    void oneJsonLinePerImage() {
        String line = DetectReport.jsonLine("person.jpg", 640, 424, 35.24, List.of(
                new Detection("person", 0.7412, new double[] {190.26, 98.0, 273.04, 375.5})));
        assertThat(line).isEqualTo("{\"image\":\"person.jpg\",\"width\":640,\"height\":424,\"ms\":35.2,"
                + "\"detections\":[{\"label\":\"person\",\"score\":0.74,\"box\":[190.3,98.0,273.0,375.5]}]}");
        assertThat(DetectReport.jsonLine("a \"b\".png", 1, 2, 0, List.of()))
                .isEqualTo("{\"image\":\"a \\\"b\\\".png\",\"width\":1,\"height\":2,\"ms\":0.0,\"detections\":[]}");
    }

    @Test
    void drawsBoxesOntoAWrittenCopy() {
        Path out = dir.resolve("drawn/person.jpg");
        try (Mat image = Images.decode(TestModels.resource("person.jpg"))) {
            DetectionDrawer.write(image, List.of(new Detection("person", 0.74, new double[] {190, 98, 273, 375})), out);
            try (Mat drawn = Images.read(out); UByteIndexer before = image.createIndexer(); UByteIndexer after = drawn.createIndexer()) {
                assertThat(drawn.cols()).isEqualTo(640);
                assertThat(drawn.rows()).isEqualTo(424);
                // Left edge of the box, half way down: the colour changed (the input Mat itself did not).
                long changed = 0;
                for (int c = 0; c < 3; c++) {
                    changed += Math.abs(before.get(236, 190, c) - after.get(236, 190, c));
                }
                assertThat(changed).isGreaterThan(60);
            }
        }
    }
}
