package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.MotionSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The span logic: per-frame motion flags of one camera in, start and end records of spans out. */
class MotionSpansTest {
    private static final long T0 = Instant.parse("2026-11-20T22:00:00Z").toEpochMilli();
    private static final long HANGOVER = MotionSpans.HANGOVER_MILLIS;

    /** Feeds frames (offset from T0 in ms, motion flag) as the processor does; returns what is published. */
    private static final class Camera {
        MotionSpans.Open open;
        long previous = Long.MIN_VALUE;
        final List<MotionSpan> published = new ArrayList<>();

        Camera frame(long at, boolean motion) {
            MotionSpans.Step step = MotionSpans.step("door", open, previous, T0 + at, motion);
            open = step.open();
            published.addAll(step.publish());
            previous = T0 + at;
            return this;
        }

        /** Frames every 200 ms from {@code from} to {@code to} (inclusive), all with or all without motion. */
        Camera frames(long from, long to, boolean motion) {
            for (long t = from; t <= to; t += 200) frame(t, motion);
            return this;
        }
    }

    private static MotionSpan opened(long start) {
        return new MotionSpan("door", Instant.ofEpochMilli(T0 + start), null);
    }

    private static MotionSpan closed(long start, long end) {
        return new MotionSpan("door", Instant.ofEpochMilli(T0 + start), Instant.ofEpochMilli(T0 + end));
    }

    @Test
    void oneWalkByWithAShortPauseIsOneSpanPublishedOnStartAndOnceAfterTheHangover() {
        Camera c = new Camera().frames(0, 1000, false).frames(1200, 2400, true).frames(2600, 3400, false)
                .frames(3600, 5000, true);
        assertThat(c.published).containsExactly(opened(1200));
        c.frames(5200, 5000 + HANGOVER, false);
        assertThat(c.published).as("still within the hangover").containsExactly(opened(1200));
        c.frames(5200 + HANGOVER, 20_000, false);
        assertThat(c.published).containsExactly(opened(1200), closed(1200, 5000));
        assertThat(c.open).isNull();
    }

    @Test
    void motionAfterMoreThanTheHangoverIsANewSpan() {
        Camera c = new Camera().frames(0, 1000, true).frames(1200, 1000 + HANGOVER + 400, false).frames(6600, 7000, true)
                .frames(7200, 14_000, false);
        assertThat(c.published).containsExactly(opened(0), closed(0, 1000), opened(6600), closed(6600, 7000));
    }

    @Test
    void aFrameWithMotionAfterAGapClosesTheSpanAtItsLastMotionAndOpensAnother() {
        // the stream is away for a minute in the middle of the motion (camera reconnecting)
        Camera c = new Camera().frames(0, 2000, true).frame(62_000, true);
        assertThat(c.published).containsExactly(opened(0), closed(0, 2000), opened(62_000));
        assertThat(c.open).isEqualTo(new MotionSpans.Open(T0 + 62_000, T0 + 62_000));
    }

    @Test
    void aSlightlyLateFrameExtendsNothingBackwardsAndOpensNoSecondSpan() {
        Camera c = new Camera().frame(1000, true).frame(1400, true).frame(1200, true).frame(900, true);
        assertThat(c.published).containsExactly(opened(1000));
        assertThat(c.open).isEqualTo(new MotionSpans.Open(T0 + 1000, T0 + 1400));
    }

    @Test
    void aJumpBackInStreamTimeClosesTheSpanAndItsMotionOpensOneAtTheEarlierTime() {
        // last night's footage replayed under the same camera id while its span of today is open
        Camera c = new Camera().frames(600_000, 601_000, true).frame(0, true).frames(200, 1000, true)
                .frames(1200, 8000, false);
        assertThat(c.published).containsExactly(opened(600_000), closed(600_000, 601_000), opened(0), closed(0, 1000));
    }

    @Test
    void aStillCameraPublishesNothingAndKeepsNoState() {
        Camera c = new Camera().frames(0, 60_000, false);
        assertThat(c.published).isEmpty();
        assertThat(c.open).isNull();
    }

    @Test
    void aSingleFrameOfMotionIsASpanOfZeroLength() {
        Camera c = new Camera().frame(0, false).frame(200, true).frames(400, 6000, false);
        assertThat(c.published).containsExactly(opened(200), closed(200, 200));
    }
}
