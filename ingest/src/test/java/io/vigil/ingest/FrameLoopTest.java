package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one ingest loop on the sample footage (decoded in-process by FFmpeg), with its clock and delivery as parameters. */
class FrameLoopTest {
    private static final Instant START = Instant.parse("2026-11-20T22:00:00Z");

    private record Delivered(long millis, int width, int height, byte[] jpeg) {}

    @Test
    void samplesToTheDetectFpsStampsWithTheClockAndDeliversJpegsOfTheDetectWidth() throws Exception {
        List<Delivered> delivered = new ArrayList<>();
        List<Instant> reported = new ArrayList<>();
        long[] decoded = {0};
        long offset = 60_000_000; // a later file of a replay continues the timeline
        try (VideoSource source = VideoSource.openFile(Footage.SAMPLE, 1);
             JpegFrameEncoder encoder = new JpegFrameEncoder(320, 80)) {
            FrameLoop loop = new FrameLoop(new FrameSampler(2), null, encoder, t -> START.plusNanos(t * 1000),
                    (millis, jpeg, w, h) -> delivered.add(new Delivered(millis, w, h, jpeg)),
                    new FrameLoop.Events() {
                        @Override
                        public void decoded(DecodedFrame frame, long timelineMicros) {
                            decoded[0]++;
                        }

                        @Override
                        public void delivered(Instant captureTime) {
                            reported.add(captureTime);
                        }
                    });
            long[] budget = {50}; // the first 50 frames (5 s of 10 fps footage), then keepGoing turns false
            long lastPts = loop.play(source, offset, () -> budget[0]-- > 0);
            assertThat(lastPts).isBetween(4_800_000L, 5_000_000L);
        }
        assertThat(decoded[0]).isEqualTo(50);
        assertThat(delivered).hasSize(10); // 5 s at 2 fps
        assertThat(delivered.get(0).millis()).isEqualTo(START.plusSeconds(60).toEpochMilli());
        for (int i = 1; i < delivered.size(); i++) {
            assertThat(delivered.get(i).millis() - delivered.get(i - 1).millis()).isEqualTo(500);
        }
        assertThat(delivered).allSatisfy(d -> {
            assertThat(d.width()).isEqualTo(320);
            assertThat(d.jpeg()[0] & 0xFF).isEqualTo(0xFF);
            assertThat(d.jpeg()[1] & 0xFF).isEqualTo(0xD8);
        });
        assertThat(reported).extracting(Instant::toEpochMilli).containsExactlyElementsOf(
                delivered.stream().map(Delivered::millis).toList());
    }

    @Test
    void aFrameTheDeliveryRefusesIsNotReportedAsDelivered() throws Exception {
        List<Instant> reported = new ArrayList<>();
        int[] offered = {0};
        try (VideoSource source = VideoSource.openFile(Footage.SAMPLE, 1);
             JpegFrameEncoder encoder = new JpegFrameEncoder(160, 50)) {
            FrameLoop loop = new FrameLoop(new FrameSampler(5), null, encoder, t -> START.plusNanos(t * 1000),
                    (millis, jpeg, w, h) -> offered[0]++ % 2 == 0, // "drop" every second frame
                    new FrameLoop.Events() {
                        @Override
                        public void delivered(Instant captureTime) {
                            reported.add(captureTime);
                        }
                    });
            long[] budget = {20};
            loop.play(source, 0, () -> budget[0]-- > 0);
        }
        assertThat(offered[0]).isEqualTo(10);
        assertThat(reported).hasSize(5);
    }
}
