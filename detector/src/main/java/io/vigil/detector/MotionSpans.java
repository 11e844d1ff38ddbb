package io.vigil.detector;

import io.vigil.common.MotionSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a camera's per-frame motion flags (the motion gate's verdict) into spans of motion in stream time: a span
 * opens at the first frame with motion and closes, at its last frame with motion, once no frame has had motion for
 * {@link #HANGOVER_MILLIS}, so one walk-by is one span. Each span is published twice: on opening (no end) and on
 * closing. The open span of each camera lives in a changelogged store, so a fail-over neither loses nor repeats one.
 */
final class MotionSpans {
    /** Stillness that ends a span: longer than the pauses of one person walking through, shorter than pre/post capture. */
    static final long HANGOVER_MILLIS = 5_000;

    /** A camera's open span in the store: when it started and when the last frame with motion was. */
    record Open(long start, long lastMotion) {}

    /** A frame's outcome: the camera's open span after it (null: none) and the spans to publish. */
    record Step(Open open, List<MotionSpan> publish) {}

    private final KeyValueStore<String, Open> store;

    MotionSpans(KeyValueStore<String, Open> store) {
        this.store = store;
    }

    /**
     * Folds one frame into the camera's span and returns what to publish.
     *
     * @param previousFrameAt stream time of the camera's previous frame, {@link Long#MIN_VALUE} if none
     */
    List<MotionSpan> frame(String camera, long previousFrameAt, long frameAt, boolean motion) {
        Open before = store.get(camera);
        Step step = step(camera, before, previousFrameAt, frameAt, motion);
        if (!Objects.equals(before, step.open())) {
            if (step.open() == null) store.delete(camera);
            else store.put(camera, step.open());
        }
        return step.publish();
    }

    /**
     * The span logic. A frame after more than the hangover without motion (a quiet spell, or a stream that was away)
     * closes the open span; so does a frame more than the hangover older than the previous one (the stream jumped back:
     * a replay of earlier footage), whose motion then opens a new span. A slightly late frame only extends the span.
     */
    static Step step(String camera, Open open, long previousFrameAt, long frameAt, boolean motion) {
        List<MotionSpan> publish = new ArrayList<>(2);
        boolean jumpedBack = previousFrameAt != Long.MIN_VALUE && frameAt < previousFrameAt - HANGOVER_MILLIS;
        if (open != null && (jumpedBack || frameAt - open.lastMotion() > HANGOVER_MILLIS)) {
            publish.add(span(camera, open.start(), open.lastMotion()));
            open = null;
        }
        if (motion) {
            if (open == null) {
                open = new Open(frameAt, frameAt);
                publish.add(new MotionSpan(camera, Instant.ofEpochMilli(frameAt), null));
            } else if (frameAt > open.lastMotion()) {
                open = new Open(open.start(), frameAt);
            }
        }
        return new Step(open, publish);
    }

    private static MotionSpan span(String camera, long start, long end) {
        return new MotionSpan(camera, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
    }
}
