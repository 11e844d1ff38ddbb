package io.vigil.common;

import org.apache.kafka.common.serialization.Serdes;

/**
 * Vigil's topics (see README, "Topics"): the names, and each topic's contract (key and value types and
 * serdes) declared once. Every topic that carries per-camera data is keyed by camera id. How they are
 * created (partitions, retention) is {@link TopicSetup}.
 */
public final class Topics {
    /** key = camera id, value = JPEG bytes, headers {@link FrameHeaders}, timestamp = capture time. */
    public static final String FRAMES = "vigil.frames";
    /** key = camera id, value = JSON {@link Alert}. */
    public static final String ALERTS = "vigil.alerts";
    /** key = alert id, value = JPEG with the box drawn. */
    public static final String SNAPSHOTS = "vigil.snapshots";
    /** key = camera id, value = JSON {@link CameraStatus}; compacted. */
    public static final String CAMERA_STATUS = "vigil.camera-status";
    /** key = camera id + "/" + segment start (epoch ms), value = JSON {@link RecordingSegment}; compacted (null = deleted). */
    public static final String RECORDINGS = "vigil.recordings";
    /** key = camera id, value = JSON {@link MotionSpan}: the detector's motion spans, published on start and on end. */
    public static final String MOTION = "vigil.motion";
    /** key = camera id, value = JSON {@link FrameObjects}, timestamp = the frame's capture time: one per processed frame. */
    public static final String OBJECTS = "vigil.objects";
    /** Frames the detector could not process, with the reason in a header. */
    public static final String DEAD_LETTER = "vigil.frames.dead-letter";
    /** Alert events `vigil notify` could not deliver to a webhook: key = camera id, value = the event, header "reason". */
    public static final String NOTIFY_DEAD_LETTER = "vigil.notify.dead-letter";

    /** Largest frame record we accept: a 4K JPEG at high quality fits. */
    public static final int FRAMES_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    public static final Topic<String, byte[]> FRAME_RECORDS = new Topic<>(FRAMES, Serdes.String(), Serdes.ByteArray());
    public static final Topic<String, Alert> ALERT_EVENTS = new Topic<>(ALERTS, Serdes.String(), new JsonSerde<>(Alert.class));
    public static final Topic<String, byte[]> SNAPSHOT_IMAGES = new Topic<>(SNAPSHOTS, Serdes.String(), Serdes.ByteArray());
    public static final Topic<String, CameraStatus> CAMERA_STATUSES =
            new Topic<>(CAMERA_STATUS, Serdes.String(), new JsonSerde<>(CameraStatus.class));
    /** key = {@link RecordingSegment#key()}, value = the segment; null value = the segment was deleted. */
    public static final Topic<String, RecordingSegment> RECORDING_SEGMENTS =
            new Topic<>(RECORDINGS, Serdes.String(), new JsonSerde<>(RecordingSegment.class));
    /** key = camera id, value = a span of motion (end null while the motion goes on). */
    public static final Topic<String, MotionSpan> MOTION_SPANS =
            new Topic<>(MOTION, Serdes.String(), new JsonSerde<>(MotionSpan.class));
    /** key = camera id, value = what the detector tracks on the frame of that capture time. */
    public static final Topic<String, FrameObjects> FRAME_OBJECTS =
            new Topic<>(OBJECTS, Serdes.String(), new JsonSerde<>(FrameObjects.class));
    /** key = camera id, value = the frame's JPEG as it arrived, the reason in a header. */
    public static final Topic<String, byte[]> DEAD_LETTERS = new Topic<>(DEAD_LETTER, Serdes.String(), Serdes.ByteArray());

    private Topics() {}
}
