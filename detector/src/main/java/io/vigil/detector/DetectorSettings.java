package io.vigil.detector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the detector keeps and how it tracks; built from the config by the app's {@code ConfigMapping}.
 *
 * @param labels            labels to alert on, with their rules
 * @param cameras           zones and masks per camera (cameras not listed have none)
 * @param tracker           tracker rules
 * @param forcedCheckMillis the CNN runs at least this often per camera even without motion
 * @param motionThreshold   grey-level difference that counts a pixel as changed
 * @param motionMinFraction share of pixels that must change for a frame to have motion
 * @param maxFrameBytes     larger frames go to the dead-letter topic
 * @param warmUpMillis      after a camera's stream (re)starts, the CNN runs on every frame for this long
 * @param reconnectGapMillis a gap between frames longer than this is a (re)connection
 * @param maxRegions        most CNN regions per frame (see {@link Regions}); 0 = always the whole frame
 * @param fullFrameMotion   share of the frame that motion may cover before the whole frame is inferred
 */
public record DetectorSettings(Map<String, LabelRule> labels, Map<String, CameraRules> cameras,
                               TrackerSettings tracker, long forcedCheckMillis, int motionThreshold,
                               double motionMinFraction, int maxFrameBytes, long warmUpMillis, long reconnectGapMillis,
                               int maxRegions, double fullFrameMotion) {
    public static final long WARM_UP_MILLIS = 1_000;
    public static final long RECONNECT_GAP_MILLIS = 3_000;

    public DetectorSettings {
        if (labels == null || labels.isEmpty()) throw new IllegalArgumentException("detector: at least one label is needed");
        if (tracker == null) throw new IllegalArgumentException("detector: tracker settings are needed");
        if (forcedCheckMillis <= 0) throw new IllegalArgumentException("detector: forcedCheckMillis must be > 0, was " + forcedCheckMillis);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        cameras = cameras == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cameras));
    }

    public DetectorSettings withCameras(Map<String, CameraRules> cameras) {
        return new DetectorSettings(labels, cameras, tracker, forcedCheckMillis, motionThreshold, motionMinFraction, maxFrameBytes,
                warmUpMillis, reconnectGapMillis, maxRegions, fullFrameMotion);
    }

    CameraPipeline pipeline(String camera) {
        CameraRules rules = cameras.getOrDefault(camera, CameraRules.NONE);
        return new CameraPipeline(
                new MotionGate(0.1, motionThreshold, motionMinFraction, rules.motionMasks()),
                new ObjectFilter(labels, rules),
                new Tracker(camera, tracker));
    }
}
