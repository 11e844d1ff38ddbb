package io.vigil.detector;

import io.vigil.common.Topics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the detector keeps and how it tracks.
 *
 * @param labels            labels to alert on, with their rules
 * @param cameras           zones and masks per camera (cameras not listed have none)
 * @param tracker           tracker rules
 * @param forcedCheckMillis the CNN runs at least this often per camera even without motion
 * @param motionThreshold   grey-level difference that counts a pixel as changed
 * @param motionMinFraction share of pixels that must change for a frame to have motion
 * @param maxFrameBytes     larger frames go to the dead-letter topic
 */
public record DetectorSettings(Map<String, LabelRule> labels, Map<String, CameraRules> cameras,
                               TrackerSettings tracker, long forcedCheckMillis, int motionThreshold,
                               double motionMinFraction, int maxFrameBytes) {

    /** person, car, bicycle, motorcycle, bus, truck, dog, cat at 0.5. */
    public static Map<String, LabelRule> defaultLabels() {
        Map<String, LabelRule> m = new LinkedHashMap<>();
        for (String l : new String[] {"person", "car", "bicycle", "motorcycle", "bus", "truck", "dog", "cat"}) {
            m.put(l, LabelRule.minScore(0.5));
        }
        return m;
    }

    public static DetectorSettings defaults() {
        return new DetectorSettings(defaultLabels(), Map.of(), TrackerSettings.defaults(), 5_000, 25, 0.002,
                Topics.FRAMES_MAX_MESSAGE_BYTES);
    }

    public DetectorSettings withCameras(Map<String, CameraRules> cameras) {
        return new DetectorSettings(labels, cameras, tracker, forcedCheckMillis, motionThreshold, motionMinFraction, maxFrameBytes);
    }

    CameraPipeline pipeline(String camera) {
        CameraRules rules = cameras.getOrDefault(camera, CameraRules.NONE);
        return new CameraPipeline(
                new MotionGate(0.1, motionThreshold, motionMinFraction, rules.motionMasks()),
                new ObjectFilter(labels, rules),
                new Tracker(camera, tracker));
    }
}
