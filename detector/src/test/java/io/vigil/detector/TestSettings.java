package io.vigil.detector;

import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Detector settings of a config file left at its defaults, for tests (the app's ConfigMapping does this for real). */
final class TestSettings {
    private TestSettings() {}

    static TrackerSettings tracker() {
        VigilConfig.Tracker t = new VigilConfig.Tracker();
        return new TrackerSettings(t.minHits, t.confirmScore, t.minIou, millis(t.endAfterSeconds), millis(t.tentativeSeconds),
                t.scoreRise, t.lowScore, t.lowMinIou, t.stationaryFrames, t.stationaryInterval, t.startScore);
    }

    static DetectorSettings detector() {
        VigilConfig.Detector d = new VigilConfig.Detector();
        Map<String, LabelRule> labels = new LinkedHashMap<>();
        d.objects.forEach((label, r) -> labels.put(label, new LabelRule(r.minScore, r.minArea, r.maxArea)));
        return new DetectorSettings(labels, Map.of(), tracker(), millis(d.motion.forcedCheckSeconds), d.motion.threshold,
                d.motion.minChangedFraction, Topics.FRAMES_MAX_MESSAGE_BYTES, DetectorSettings.WARM_UP_MILLIS,
                DetectorSettings.RECONNECT_GAP_MILLIS, d.regions.maxPerFrame, d.regions.fullFrameMotion);
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }
}
