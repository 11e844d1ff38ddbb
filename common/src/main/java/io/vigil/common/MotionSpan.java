package io.vigil.common;

import java.time.Instant;

/**
 * A span of motion of one camera on {@link Topics#MOTION} (JSON, documented in docs/motion.schema.json), in stream
 * time: the detector publishes it when the motion gate first sees motion ({@code end} null) and again once the
 * camera has been still for the hangover ({@code end} set), so one walk-by is one span, not one record per frame.
 * Camera and start identify the span.
 *
 * @param camera camera id
 * @param start  capture time of the first frame with motion
 * @param end    capture time of the last frame with motion; null while the motion goes on
 */
public record MotionSpan(String camera, Instant start, Instant end) {}
