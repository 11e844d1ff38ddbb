package io.vigil.detector;

import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param warmUpMillis      after a camera's stream (re)starts, the CNN runs on every frame for this long
 * @param reconnectGapMillis a gap between frames longer than this is a (re)connection
 */
public record DetectorSettings(Map<String, LabelRule> labels, Map<String, CameraRules> cameras,
                               TrackerSettings tracker, long forcedCheckMillis, int motionThreshold,
                               double motionMinFraction, int maxFrameBytes, long warmUpMillis, long reconnectGapMillis) {
    static final long WARM_UP_MILLIS = 1_000;
    static final long RECONNECT_GAP_MILLIS = 3_000;

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
                Topics.FRAMES_MAX_MESSAGE_BYTES, WARM_UP_MILLIS, RECONNECT_GAP_MILLIS);
    }

    public DetectorSettings withCameras(Map<String, CameraRules> cameras) {
        return new DetectorSettings(labels, cameras, tracker, forcedCheckMillis, motionThreshold, motionMinFraction, maxFrameBytes,
                warmUpMillis, reconnectGapMillis);
    }

    /** The detector's part of the config file. */
    public static DetectorSettings from(VigilConfig config) {
        VigilConfig.Detector d = config.detector;
        Map<String, LabelRule> labels = new LinkedHashMap<>();
        d.objects.forEach((label, r) -> labels.put(label, r == null ? LabelRule.minScore(0.5) : new LabelRule(r.minScore, r.minArea, r.maxArea)));
        Map<String, CameraRules> cameras = new LinkedHashMap<>();
        for (VigilConfig.Camera c : config.cameras) {
            List<Polygon> zones = new ArrayList<>();
            c.zones.forEach((name, points) -> zones.add(Polygon.of(name, points)));
            cameras.put(c.id, new CameraRules(zones, polygons("object mask", c.objectMasks), polygons("motion mask", c.motionMasks)));
        }
        TrackerSettings defaults = TrackerSettings.defaults();
        TrackerSettings t = new TrackerSettings(d.tracker.minHits, d.tracker.confirmScore, d.tracker.minIou,
                Math.round(d.tracker.endAfterSeconds * 1000), defaults.tentativeMillis(), defaults.scoreRise(),
                d.tracker.lowScore, d.tracker.lowMinIou, d.tracker.stationaryFrames, d.tracker.stationaryInterval,
                d.tracker.startScore);
        return new DetectorSettings(labels, cameras, t, Math.round(d.motion.forcedCheckSeconds * 1000),
                d.motion.threshold, d.motion.minChangedFraction, Topics.FRAMES_MAX_MESSAGE_BYTES,
                WARM_UP_MILLIS, RECONNECT_GAP_MILLIS);
    }

    private static List<Polygon> polygons(String kind, List<List<List<Double>>> list) {
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) out.add(Polygon.of(kind + " " + i, list.get(i)));
        return out;
    }

    CameraPipeline pipeline(String camera) {
        CameraRules rules = cameras.getOrDefault(camera, CameraRules.NONE);
        return new CameraPipeline(
                new MotionGate(0.1, motionThreshold, motionMinFraction, rules.motionMasks()),
                new ObjectFilter(labels, rules),
                new Tracker(camera, tracker));
    }
}
