package io.vigil.common;

/** Default topic names (see README, "Topics"). Every topic that carries per-camera data is keyed by camera id. */
public final class Topics {
    /** key = camera id, value = JPEG bytes, headers {@link FrameHeaders}, timestamp = capture time. */
    public static final String FRAMES = "vigil.frames";
    /** key = camera id, value = JSON {@link Alert}. */
    public static final String ALERTS = "vigil.alerts";
    /** key = alert id, value = JPEG with the box drawn. */
    public static final String SNAPSHOTS = "vigil.snapshots";
    /** key = camera id, value = JSON camera status; compacted. */
    public static final String CAMERA_STATUS = "vigil.camera-status";
    /** key = camera id + "/" + segment start (epoch ms), value = JSON {@link RecordingSegment}; compacted (null = deleted). */
    public static final String RECORDINGS = "vigil.recordings";
    /** Frames the detector could not process, with the reason in a header. */
    public static final String DEAD_LETTER = "vigil.frames.dead-letter";

    /** Largest frame record we accept: a 4K JPEG at high quality fits. */
    public static final int FRAMES_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private Topics() {}
}
