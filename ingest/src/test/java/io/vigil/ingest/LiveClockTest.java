package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveClockTest {
    private static final long OPEN = 1_700_000_000_000_000L; // µs

    @Test
    void framesFromTheProbeBurstKeepTheirSpacingFromTheOpen() {
        LiveClock clock = new LiveClock();
        clock.newConnection(OPEN);
        long arrival = OPEN + 1_100_000; // FFmpeg probed 1 s, then handed over 11 frames at once
        for (int i = 0; i <= 10; i++) {
            assertThat(clock.captureMillis(i * 100_000L, arrival + i * 10)).isEqualTo((OPEN + i * 100_000L) / 1000);
        }
        // then live, each frame arriving 50 ms after its capture
        assertThat(clock.captureMillis(1_100_000, OPEN + 1_150_000)).isEqualTo((OPEN + 1_100_000) / 1000);
    }

    @Test
    void neverDatesAFrameAfterItArrived() {
        LiveClock clock = new LiveClock();
        clock.newConnection(OPEN);
        clock.captureMillis(0, OPEN + 10_000);
        // a camera clock running fast: pts says 2 s, only 1 s passed
        assertThat(clock.captureMillis(2_000_000, OPEN + 1_000_000)).isEqualTo((OPEN + 1_000_000) / 1000);
        assertThat(clock.captureMillis(2_100_000, OPEN + 1_100_000)).isEqualTo((OPEN + 1_100_000) / 1000);
    }

    @Test
    void aStallMovesLaterFramesForwardOnceTheWholeWindowIsLate() {
        LiveClock clock = new LiveClock();
        clock.newConnection(OPEN);
        long pts = 0;
        for (; pts < 1_000_000; pts += 100_000) clock.captureMillis(pts, OPEN + pts + 20_000);
        // the stream stalls 3 s, then frames continue live, 3 s late
        long last = 0;
        for (; pts < 6_000_000; pts += 100_000) last = clock.captureMillis(pts, OPEN + pts + 3_000_000);
        assertThat(OPEN / 1000 + 6_000 + 3_000 - last).isBetween(0L, 1_100L);
    }

    @Test
    void timesNeverGoBackwardsAcrossReconnects() {
        LiveClock clock = new LiveClock();
        clock.newConnection(OPEN);
        long a = clock.captureMillis(5_000_000, OPEN + 100_000);
        clock.newConnection(OPEN - 500_000); // a wall clock step back
        long b = clock.captureMillis(0, OPEN - 400_000);
        assertThat(b).isGreaterThan(a);
    }
}
