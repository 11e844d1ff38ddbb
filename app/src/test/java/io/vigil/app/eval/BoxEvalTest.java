package io.vigil.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.FrameObjects;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which ground-truth frame a processed frame is, and the ground truth's boxes at the detect size. */
class BoxEvalTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static FrameObjects frame(long millis, FrameObjects.Track... tracks) {
        return new FrameObjects("eval", T0.plusMillis(millis), 640, 480, true, List.of(tracks));
    }

    private static FrameObjects.Track person(String id, String state, double... box) {
        return new FrameObjects.Track(id, "person", 0.8, box, state);
    }

    @Test
    void detectFramesAreMatchedToTheRecordingsFramesByTimeAndBoxesScaledToTheDetectWidth() {
        // a 768×576 recording at 25 fps, sampled at 5 fps: frames 1, 6, 11 of the ground truth
        MotBoxes gt = MotBoxes.parse(List.of(
                "1,1,0,0,384,288", "2,1,999,999,9,9", "6,1,384,288,384,288", "11,1,96,96,192,192", "11,2,600,0,100,100"), "gt.txt");
        List<FrameObjects> frames = List.of(
                frame(0, person("p-1", FrameObjects.ACTIVE, 0, 0, 320, 240)),
                frame(200, person("p-1", FrameObjects.STATIONARY, 320, 240, 640, 480), person(null, FrameObjects.TENTATIVE, 0, 0, 50, 50)),
                frame(400, person("p-1", FrameObjects.ACTIVE, 80, 80, 240, 240), person("p-2", FrameObjects.LOST, 500, 0, 583, 83),
                        new FrameObjects.Track("c-1", "car", 0.9, new double[] {0, 300, 100, 400}, FrameObjects.ACTIVE)));
        BoxScore s = BoxEval.score(gt, 25, 768, 576, frames, T0, "person", 0.5);
        assertThat(s.frames()).isEqualTo(3);
        assertThat(s.truthBoxes()).as("frame 2 is not a detect frame").isEqualTo(4);
        // tentative and lost objects, and other labels, are not what an alert reports
        assertThat(s.trackedBoxes()).isEqualTo(3);
        assertThat(s.matched()).isEqualTo(3);
        assertThat(s.recall()).isEqualTo(0.75);
        assertThat(s.precision()).isEqualTo(1.0);
    }

    @Test
    void frameTimesBetweenTwoFramesGoToTheNearest() {
        // 29.97 fps: frame 151 is at 5.005 s; the capture time in milliseconds is truncated to 5.004 s
        MotBoxes gt = MotBoxes.parse(List.of("151,1,0,0,64,48"), "gt.txt");
        BoxScore s = BoxEval.score(gt, 30000 / 1001.0, 640, 480, List.of(frame(5004, person("p", FrameObjects.ACTIVE, 0, 0, 64, 48))),
                T0, "person", 0.5);
        assertThat(s.matched()).isEqualTo(1);
    }
}
