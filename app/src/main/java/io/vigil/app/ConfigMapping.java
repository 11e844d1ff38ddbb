package io.vigil.app;

import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.CameraRules;
import io.vigil.detector.DetectorSettings;
import io.vigil.detector.LabelRule;
import io.vigil.detector.Polygon;
import io.vigil.detector.TrackerSettings;
import io.vigil.ingest.CameraSettings;
import io.vigil.sink.RecordingSettings;
import io.vigil.sink.SinkSettings;
import io.vigil.vision.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

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
        // ... and every low-score detection that the tracker's second stage uses to keep tracks alive
        double lowest = Math.min(d.tracker.lowScore, d.objects.values().stream().mapToDouble(r -> r.minScore).min().orElse(1));
        o = o.withMinScore(Math.max(LOWEST_MODEL_SCORE, Math.min(lowest, o.minScore())));
        if (d.inputSize != null) o = o.withInputSize(d.inputSize, d.inputSize);
        if (d.labels != null && !d.labels.isEmpty()) o = o.withLabels(d.labels);
        return o;
    }

    /** The detector's part of the config: labels, per-camera zones and masks, motion gate, regions and tracker. */
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
                d.motion.threshold, d.motion.minChangedFraction, Topics.FRAMES_MAX_MESSAGE_BYTES,
                DetectorSettings.WARM_UP_MILLIS, DetectorSettings.RECONNECT_GAP_MILLIS, d.regions.maxPerFrame,
                d.regions.fullFrameMotion);
    }

    public static TrackerSettings tracker(VigilConfig.Tracker t) {
        return new TrackerSettings(t.minHits, t.confirmScore, t.minIou, millis(t.endAfterSeconds), millis(t.tentativeSeconds),
                t.scoreRise, t.lowScore, t.lowMinIou, t.stationaryFrames, t.stationaryInterval, t.startScore);
    }

    public static SinkSettings sink(VigilConfig c, int httpPort) {
        return sink(c, httpPort, c.sink.httpHost != null ? c.sink.httpHost : SinkSettings.DEFAULT_HTTP_HOST);
    }

    /** The sink's settings; user and password go to the driver apart from the URL (so '+', '&', '%' survive). */
    public static SinkSettings sink(VigilConfig c, int httpPort, String httpHost) {
        String url = c.sink.databaseUrl == null || c.sink.databaseUrl.isBlank() ? null : c.sink.databaseUrl;
        SinkSettings settings = new SinkSettings(kafka(c), url, Path.of(c.dataDir), httpPort, c.sink.apiToken,
                c.sink.retentionDays, c.sink.groupId, Topics.ALERTS, Topics.SNAPSHOTS, Topics.CAMERA_STATUS, httpHost, null,
                c.sink.snapshotsMaxMb << 20);
        if (c.sink.databaseUser != null) settings = settings.withDatabaseLogin(c.sink.databaseUser, c.sink.databasePassword);
        warnIfOpen(httpHost, c.sink.apiToken, "sink");
        return settings;
    }

    /** A clear warning when an HTTP endpoint listens beyond loopback without a token. */
    static void warnIfOpen(String host, String token, String service) {
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (!loopback && (token == null || token.isBlank())) {
            LoggerFactory.getLogger(ConfigMapping.class).warn("The {} listens on {} (beyond this machine) without an"
                    + " api_token: anyone who can reach it sees every alert and snapshot. Set sink.api_token (or"
                    + " VIGIL_API_TOKEN), or listen on 127.0.0.1.", service, host);
        }
    }

    /** recordings.dir, or DATA_DIR/recordings. */
    public static Path recordingsDir(VigilConfig c) {
        return c.recordings.dir != null && !c.recordings.dir.isBlank() ? Path.of(c.recordings.dir) : Path.of(c.dataDir, "recordings");
    }

    public static RecordingSettings recordings(VigilConfig c) {
        Map<String, VigilConfig.Record> perCamera = new HashMap<>();
        for (VigilConfig.Camera cam : c.cameras) perCamera.put(cam.id, cam.record);
        return new RecordingSettings(Topics.RECORDINGS, recordingsDir(c), c.recordings.minFreeMb << 20, perCamera);
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
