package io.vigil.sink;

import java.time.Instant;

/** Latest status of a camera as reported by ingest on the camera-status topic. */
public record CameraStatus(String id, String state, Double fps, String lastFrameAt, String error, Instant updatedAt) {}
