package io.vigil.sink;

import io.vigil.common.Alert;
import io.vigil.common.CameraStatus;

/** A consumed record the sink understood and will store. */
sealed interface Incoming {

    /** An alert event, already validated. */
    record AlertEvent(Alert alert) implements Incoming {}

    /** The JPEG snapshot of an alert. */
    record Snapshot(String alertId, byte[] jpeg) implements Incoming {}

    /** A recorded segment or replayed file (segment null: the segment with this key was deleted). */
    record Recording(String key, io.vigil.common.RecordingSegment segment) implements Incoming {}

    /** A span of motion of a camera: its start (end null) or its end. */
    record Motion(io.vigil.common.MotionSpan span) implements Incoming {}

    /** The detector processed a frame of the camera (its record on the objects topic; nothing is stored). */
    record FrameProcessed(String camera, java.time.Instant frameTime) implements Incoming {}

    /** The status of a camera, as ingest sent it (camera = the record key). */
    record Status(String camera, CameraStatus status) implements Incoming {}
}
