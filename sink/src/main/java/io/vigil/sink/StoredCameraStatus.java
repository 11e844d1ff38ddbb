package io.vigil.sink;

import java.time.Instant;

/**
 * The latest {@link io.vigil.common.CameraStatus} of a camera as stored by the sink and served by
 * {@code /api/cameras}: {@code id} is the camera id, {@code updatedAt} when the sink stored it.
 */
public record StoredCameraStatus(String id, String state, Double fps, String lastFrameAt, String error, Instant updatedAt) {}
