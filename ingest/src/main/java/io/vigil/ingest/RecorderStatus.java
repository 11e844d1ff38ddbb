package io.vigil.ingest;

import java.time.Instant;

/**
 * The state of one camera's recorder.
 *
 * @param camera        camera id
 * @param state         "starting", "recording", "reconnecting" (camera away, retrying), "failed" (disk full or not
 *                      writable: retrying, nothing is being recorded), "stopped"
 * @param error         why it is not recording, naming the camera and the directory; null while recording
 * @param segments      segments finished since ingest started
 * @param lastSegmentAt end of the newest finished segment
 */
public record RecorderStatus(String camera, String state, String error, long segments, Instant lastSegmentAt) {
    public static final String STARTING = "starting";
    public static final String RECORDING = "recording";
    public static final String RECONNECTING = "reconnecting";
    public static final String FAILED = "failed";
    public static final String STOPPED = "stopped";
}
