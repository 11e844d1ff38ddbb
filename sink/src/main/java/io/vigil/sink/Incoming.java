package io.vigil.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;

/** A consumed record the sink understood and will store. */
sealed interface Incoming {

    /** An alert event, already validated. */
    record AlertEvent(Alert alert) implements Incoming {}

    /** The JPEG snapshot of an alert. */
    record Snapshot(String alertId, byte[] jpeg) implements Incoming {}

    /** A recorded segment or replayed file (segment null: the segment with this key was deleted). */
    record Recording(String key, io.vigil.common.RecordingSegment segment) implements Incoming {}

    /** The status of a camera (the JSON as ingest sent it). */
    record CameraState(String camera, JsonNode status) implements Incoming {}
}
