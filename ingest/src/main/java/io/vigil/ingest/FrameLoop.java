package io.vigil.ingest;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The ingest loop, written once for live cameras, replays and the ingest benchmark: decode → sample to the
 * detect fps by timeline position → hold back to the playback speed → JPEG at the detect width → deliver.
 * What differs between them is a parameter: the {@link CaptureClock} (a live camera's wall clock, a
 * recording's start + position) and the {@link Delivery} policy (a live camera drops a frame the broker
 * cannot take now, a replay waits for it).
 */
final class FrameLoop {
    /** The record time of the frame at a timeline position. */
    interface CaptureClock {
        Instant captureTime(long timelineMicros);
    }

    /** What happens to an encoded frame: true when it was handed on (published, or queued for the broker). */
    interface Delivery {
        boolean deliver(long timestampMillis, byte[] jpeg, int width, int height) throws InterruptedException;

        /** Live cameras: a frame the broker cannot take now is dropped, so the camera never falls behind. */
        static Delivery dropping(FramePublisher publisher) {
            return publisher::publishOrDrop;
        }

        /** Replays: wait until the broker takes the frame (backpressure), so none of the recording is lost. */
        static Delivery waiting(FramePublisher publisher) {
            return publisher::publishWaiting;
        }
    }

    /** What the caller wants to know about each frame. */
    interface Events {
        /** A frame was decoded (before sampling). */
        default void decoded(DecodedFrame frame, long timelineMicros) {}

        /** A sampled frame was delivered with this capture time. */
        default void delivered(Instant captureTime) {}
    }

    private final FrameSampler sampler;
    private final Pacer pacer;
    private final JpegFrameEncoder encoder;
    private final CaptureClock clock;
    private final Delivery delivery;
    private final Events events;
    private long lastReadNanos;

    /** @param pacer holds frames back to a playback speed; null = as fast as they come */
    FrameLoop(FrameSampler sampler, Pacer pacer, JpegFrameEncoder encoder, CaptureClock clock, Delivery delivery,
              Events events) {
        this.sampler = sampler;
        this.pacer = pacer;
        this.encoder = encoder;
        this.clock = clock;
        this.delivery = delivery;
        this.events = events;
    }

    /**
     * Runs the loop over {@code source} until it ends or {@code keepGoing} turns false.
     *
     * @param offsetMicros timeline position of the source's pts 0 (a replay's later files continue the timeline)
     * @return the pts of the last frame decoded, or -1 when none was
     */
    long play(VideoSource source, long offsetMicros, BooleanSupplier keepGoing) throws InterruptedException {
        long lastPts = -1;
        while (keepGoing.getAsBoolean()) {
            long asked = System.nanoTime();
            DecodedFrame frame = source.next();
            lastReadNanos = System.nanoTime() - asked;
            if (frame == null) break;
            lastPts = frame.ptsMicros();
            long t = offsetMicros + lastPts;
            events.decoded(frame, t);
            if (!sampler.accept(t)) continue;
            if (pacer != null) pacer.await(t);
            Instant time = clock.captureTime(t);
            byte[] jpeg = encoder.encode(frame.image());
            if (delivery.deliver(time.toEpochMilli(), jpeg, encoder.width(), encoder.height())) events.delivered(time);
        }
        return lastPts;
    }

    /** How long the last read from the source took (a read that ended the stream by timing out took the I/O timeout). */
    long lastReadNanos() {
        return lastReadNanos;
    }
}
