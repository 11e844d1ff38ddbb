package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    /** Capture times (µs) kept by a 5 fps sampler from the given source times. */
    private static List<Long> kept(double fps, long... times) {
        FrameSampler sampler = new FrameSampler(fps);
        List<Long> kept = new ArrayList<>();
        for (long t : times) if (sampler.accept(t)) kept.add(t);
        return kept;
    }

    private static long[] steady(double sourceFps, double seconds) {
        int n = (int) Math.round(sourceFps * seconds);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = Math.round(i * 1e6 / sourceFps);
        return t;
    }

    @Test
    void tenFpsSourceAtFiveFpsKeepsEveryOtherFrame() {
        assertThat(kept(5, steady(10, 2))).containsExactly(0L, 200_000L, 400_000L, 600_000L, 800_000L,
                1_000_000L, 1_200_000L, 1_400_000L, 1_600_000L, 1_800_000L);
    }

    @Test
    void ntscRateAveragesTheTargetWithoutDrift() {
        // 29.97 fps never lines up with 5 fps: counting every 6th frame would drift, capture time does not
        List<Long> kept = kept(5, steady(30000.0 / 1001, 600));
        assertThat(kept).hasSizeBetween(2999, 3001);
    }

    @Test
    void jitteryVariableRateCameraStillGivesTheTargetRate() {
        Random random = new Random(42);
        List<Long> times = new ArrayList<>();
        long t = 0;
        long lostMicros = 0;
        while (t < 60_000_000L) {
            times.add(t);
            t += 25_000 + random.nextInt(30_000); // 18..40 fps, jittering
            if (random.nextInt(50) == 0) { // now and then the camera drops several frames
                t += 300_000;
                lostMicros += 300_000;
            }
        }
        List<Long> kept = kept(5, times.stream().mapToLong(Long::longValue).toArray());
        // 5 per second of the time frames were arriving; a slot may be missed right after each drop
        long drops = lostMicros / 300_000;
        long expected = Math.round((60_000_000L - lostMicros) / 200_000.0);
        assertThat((long) kept.size()).isBetween(expected - drops, expected + drops + 1);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i) - kept.get(i - 1)).as("gap %d", i).isGreaterThanOrEqualTo(100_000);
        }
    }

    @Test
    void sevenFpsSourceStillGivesFive() {
        assertThat(kept(5, steady(7, 60))).hasSizeBetween(299, 301);
    }

    @Test
    void slowSourceKeepsEveryFrame() {
        assertThat(kept(5, steady(2, 5))).hasSize(10);
    }

    @Test
    void afterAGapOrAJumpBackTheScheduleRestarts() {
        assertThat(kept(5, 0, 100_000, 200_000, 10_000_000, 10_100_000, 10_200_000, 50_000, 150_000, 250_000))
                .containsExactly(0L, 200_000L, 10_000_000L, 10_200_000L, 50_000L, 250_000L);
    }
}
