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
    void motionInsideAMotionMaskIsIgnored() {
        Mat f = frame(1);
        Polygon everything = Polygon.of("all", List.of(List.of(0.0, 0.0), List.of((double) f.cols(), 0.0),
                List.of((double) f.cols(), (double) f.rows()), List.of(0.0, (double) f.rows())));
        MotionGate masked = new MotionGate(0.1, 25, 0.002, List.of(everything));
        float[] bg = masked.apply(f, null).background();
        assertThat(masked.apply(frame(6), bg).motion()).isFalse();
    }
}
