package io.vigil.app;

import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.CameraRules;
import io.vigil.detector.DetectorSettings;
import io.vigil.detector.LabelRule;
import io.vigil.detector.Polygon;
import io.vigil.detector.TrackerSettings;
import io.vigil.ingest.CameraSettings;
import io.vigil.sink.SinkSettings;
import io.vigil.vision.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where the config file ({@link VigilConfig}, which declares every setting with its default and
 * range) becomes the plain settings records that the modules receive.
 */
public final class ConfigMapping {
    /** The CNN keeps detections down to this score, even when a label's min_score is lower (NMS needs some floor). */
    private static final double LOWEST_MODEL_SCORE = 0.05;

    private ConfigMapping() {}

    /** Settings of every Kafka client of every service: bootstrap.servers and kafka.properties. */
    public static Map<String, Object> kafka(VigilConfig c) {
        return c.kafka.clientConfig();
    }

    public static CameraSettings camera(VigilConfig.Camera cam) {
        return new CameraSettings(cam.id, cam.url, cam.detect.fps, cam.detect.width, cam.jpegQuality, cam.rtspTransport,
                cam.enabled, Duration.ofSeconds(cam.watchdogSeconds));
    }

    public static List<CameraSettings> cameras(VigilConfig c) {
        return c.cameras.stream().map(ConfigMapping::camera).toList();
    }

    /** How to load and run the CNN: it must keep every detection that the lowest min_score of any label accepts. */
    public static ModelSettings model(VigilConfig c) {
        VigilConfig.Detector d = c.detector;
        ModelSettings o = ModelSettings.defaults().withIntraOpThreads(d.threads);
        if (d.modelCache != null && !d.modelCache.isBlank()) o = o.withCacheDir(Path.of(d.modelCache));
        double lowest = d.objects.values().stream().mapToDouble(r -> r.minScore).min().orElse(o.minScore());
        o = o.withMinScore(Math.max(LOWEST_MODEL_SCORE, Math.min(lowest, o.minScore())));
        if (d.inputSize != null) o = o.withInputSize(d.inputSize, d.inputSize);
        if (d.labels != null && !d.labels.isEmpty()) o = o.withLabels(d.labels);
        return o;
    }

    /** The detector's part of the config: labels, per-camera zones and masks, motion gate and tracker. */
    public static DetectorSettings detector(VigilConfig config) {
        VigilConfig.Detector d = config.detector;
        Map<String, LabelRule> labels = new LinkedHashMap<>();
        d.objects.forEach((label, r) -> labels.put(label, new LabelRule(r.minScore, r.minArea, r.maxArea)));
        Map<String, CameraRules> cameras = new LinkedHashMap<>();
        for (VigilConfig.Camera c : config.cameras) {
            List<Polygon> zones = new ArrayList<>();
            c.zones.forEach((name, points) -> zones.add(Polygon.of(name, points)));
            cameras.put(c.id, new CameraRules(zones, polygons("object mask", c.objectMasks), polygons("motion mask", c.motionMasks)));
        }
        return new DetectorSettings(labels, cameras, tracker(d.tracker), millis(d.motion.forcedCheckSeconds),
                d.motion.threshold, d.motion.minChangedFraction, Topics.FRAMES_MAX_MESSAGE_BYTES);
    }

    public static TrackerSettings tracker(VigilConfig.Tracker t) {
        return new TrackerSettings(t.minHits, t.confirmScore, t.minIou, millis(t.endAfterSeconds), millis(t.tentativeSeconds),
                t.scoreRise);
    }

    public static SinkSettings sink(VigilConfig c, int httpPort) {
        String url = c.sink.databaseUrl == null || c.sink.databaseUrl.isBlank() ? null : withCredentials(c.sink);
        return new SinkSettings(kafka(c), url, Path.of(c.dataDir), httpPort, c.sink.apiToken,
                c.sink.retentionDays, c.sink.groupId, Topics.ALERTS, Topics.SNAPSHOTS, Topics.CAMERA_STATUS);
    }

    private static String withCredentials(VigilConfig.Sink s) {
        String url = s.databaseUrl;
        if (s.databaseUser == null) return url;
        String sep = url.contains("?") ? "&" : "?";
        url += sep + "user=" + s.databaseUser;
        if (s.databasePassword != null) url += "&password=" + s.databasePassword;
        return url;
    }

    private static List<Polygon> polygons(String kind, List<List<List<Double>>> list) {
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) out.add(Polygon.of(kind + " " + i, list.get(i)));
        return out;
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }
}
