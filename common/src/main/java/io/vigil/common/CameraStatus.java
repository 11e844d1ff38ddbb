package io.vigil.common;

import java.time.Instant;

/**
 * A camera's status on {@link Topics#CAMERA_STATUS} (JSON, key = camera id, compacted; documented in
 * docs/camera-status.schema.json). Ingest publishes it, the sink stores the latest per camera.
 *
 * @param camera      camera id
 * @param state       online, reconnecting or offline
 * @param fps         frames published per second, measured (0 when not online)
 * @param lastFrameAt capture time of the last frame published; null before the first
 * @param error       why it is not online (names the camera URL, without password); null when online
 */
public record CameraStatus(String camera, CameraState state, double fps, Instant lastFrameAt, String error) {}
