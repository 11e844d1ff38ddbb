package io.vigil.sink;

import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the sink needs to know about recordings: the topic they are announced on, the cameras' {@code record:}
 * settings (pre/post capture, retention, mode), the disk cap and the topic of the motion spans that mode motion keeps.
 *
 * @param topic        the recordings topic
 * @param dir          the recordings directory (for the free-space check); null = no disk cap
 * @param minFreeBytes below this much free space in {@code dir} the oldest segments are deleted
 * @param cameras      camera id → its record settings; cameras not listed get the defaults
 * @param framesTopic  the frames topic the live view reads
 * @param motionTopic  the detector's motion spans
 */
public record RecordingSettings(String topic, Path dir, long minFreeBytes, Map<String, VigilConfig.Record> cameras,
                                String framesTopic, String motionTopic) {
    private static final VigilConfig.Record DEFAULTS = new VigilConfig.Record();

    public RecordingSettings {
        cameras = Map.copyOf(cameras);
        if (framesTopic == null) framesTopic = Topics.FRAMES;
        if (motionTopic == null) motionTopic = Topics.MOTION;
    }

    public RecordingSettings(String topic, Path dir, long minFreeBytes, Map<String, VigilConfig.Record> cameras) {
        this(topic, dir, minFreeBytes, cameras, Topics.FRAMES, Topics.MOTION);
    }

    /** The frames topic the live view reads (default vigil.frames). */
    public RecordingSettings withFramesTopic(String t) {
        return new RecordingSettings(topic, dir, minFreeBytes, cameras, t, motionTopic);
    }

    /** The topic of the motion spans (default vigil.motion). */
    public RecordingSettings withMotionTopic(String t) {
        return new RecordingSettings(topic, dir, minFreeBytes, cameras, framesTopic, t);
    }

    public static RecordingSettings defaults() {
        return new RecordingSettings(Topics.RECORDINGS, null, 0, Map.of());
    }

    public RecordingSettings withTopic(String t) {
        return new RecordingSettings(t, dir, minFreeBytes, cameras, framesTopic, motionTopic);
    }

    VigilConfig.Record of(String camera) {
        return cameras.getOrDefault(camera, DEFAULTS);
    }
}
