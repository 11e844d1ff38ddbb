package io.vigil.common;

import java.time.Instant;

/**
 * A finished piece of recorded video on {@link Topics#RECORDINGS} (JSON, documented in docs/recording.schema.json):
 * a recorder segment, or a replayed file indexed where it lies.
 *
 * @param camera camera id
 * @param start  capture time of its first frame
 * @param end    capture time of its end
 * @param path   absolute path of the MP4 (the same on every host that mounts the recordings)
 * @param bytes  file size
 * @param source "segment" (written by the recorder, deleted by retention) or "file" (replayed footage, never deleted)
 */
public record RecordingSegment(String camera, Instant start, Instant end, String path, long bytes, String source) {
    public static final String SEGMENT = "segment";
    public static final String FILE = "file";

    /** Record key on the topic: camera and start, unique per segment. */
    public String key() {
        return key(camera, start);
    }

    public static String key(String camera, Instant start) {
        return camera + "/" + start.toEpochMilli();
    }
}
