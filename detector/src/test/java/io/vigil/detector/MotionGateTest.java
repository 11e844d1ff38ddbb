package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** On real frames of the sample footage (pedestrians walking). */
class MotionGateTest {
    static Mat frame(int n) {
        try {
            Path p = Path.of(MotionGateTest.class.getResource(String.format("/frames/vtest-%02d.jpg", n)).toURI());
            return imread(p.toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private final MotionGate gate = new MotionGate(0.1, 25, 0.002, List.of());

    @Test
    void walkingPeopleAreMotionAndARepeatedFrameIsNot() {
        float[] bg = gate.apply(frame(1), null).background();
        MotionGate.Result same = gate.apply(frame(1), bg);
        assertThat(same.motion()).isFalse();
        assertThat(same.changedFraction()).isZero();

        float[] bg2 = gate.apply(frame(1), null).background();
        MotionGate.Result next = gate.apply(frame(6), bg2);
        assertThat(next.motion()).isTrue();
    }

    @Test
    void theMotionBoxesAreWhereThePeopleWalkedInFramePixels() {
        Mat first = frame(1);
        float[] bg = gate.apply(first, null).background();
        MotionGate.Result next = gate.apply(frame(6), bg);
        assertThat(next.boxes()).isNotEmpty();
        double moved = 0;
        for (double[] b : next.boxes()) {
            assertThat(b[0]).isBetween(0.0, b[2]);
            assertThat(b[1]).isBetween(0.0, b[3]);
            assertThat(b[2]).isLessThanOrEqualTo(first.cols());
            assertThat(b[3]).isLessThanOrEqualTo(first.rows());
            moved += (b[2] - b[0]) * (b[3] - b[1]);
        }
        assertThat(moved).as("people walking cover a small part of the frame").isLessThan(0.5 * first.cols() * first.rows());
        assertThat(gate.apply(frame(6), gate.apply(frame(6), null).background()).boxes()).as("no motion, no box").isEmpty();
    }

    @Test
    void changedPixelsCloseTogetherAreOneBlobAndALoneOneIsNoise() {
        int h = 10;
        boolean[] moved = new boolean[MotionGate.WIDTH * h];
        moved[2 * MotionGate.WIDTH + 3] = true; // a person: two pixels, one apart
        moved[4 * MotionGate.WIDTH + 4] = true;
        moved[8 * MotionGate.WIDTH + 60] = true; // a lone pixel far away
        List<double[]> boxes = MotionGate.blobs(moved, h, 10, 10);
        assertThat(boxes).hasSize(1);
        assertThat(boxes.get(0)).containsExactly(30, 20, 50, 50);
    }

    @Test
    void motionInsideAMotionMaskIsIgnored() {
        Mat f = frame(1);
        Polygon everything = Polygon.of("all", List.of(List.of(0.0, 0.0), List.of((double) f.cols(), 0.0),
                List.of((double) f.cols(), (double) f.rows()), List.of(0.0, (double) f.rows())));
        MotionGate masked = new MotionGate(0.1, 25, 0.002, List.of(everything));
        float[] bg = masked.apply(f, null).background();
        assertThat(masked.apply(frame(6), bg).motion()).isFalse();
    }
}
