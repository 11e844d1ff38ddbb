package io.vigil.common.config;

import io.vigil.common.Redaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a {@link VigilConfig}; every error names the field path and the bad value. */
public final class ConfigValidator {
    private static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private ConfigValidator() {}

    public static List<String> validate(VigilConfig c) {
        List<String> e = new ArrayList<>();
        if (c.kafka == null) e.add("kafka: missing");
        else {
            if (blank(c.kafka.bootstrapServers)) e.add("kafka.bootstrap_servers: must not be empty");
            if (c.kafka.partitions < 1) e.add("kafka.partitions: must be >= 1, got " + c.kafka.partitions);
            if (c.kafka.replicationFactor < 1) e.add("kafka.replication_factor: must be >= 1, got " + c.kafka.replicationFactor);
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; c.cameras != null && i < c.cameras.size(); i++) {
            VigilConfig.Camera cam = c.cameras.get(i);
            String p = "cameras[" + i + "]";
            if (cam == null) {
                e.add(p + ": empty entry");
                continue;
            }
            if (blank(cam.id) || !CAMERA_ID.matcher(cam.id).matches()) {
                e.add(p + ".id: must be 1-64 letters, digits, '_', '.' or '-', got " + quote(cam.id));
            } else if (!ids.add(cam.id)) {
                e.add(p + ".id: duplicate camera id " + quote(cam.id));
            }
            if (blank(cam.url)) e.add(p + ".url: must not be empty");
            else if (!validUrl(cam.url)) e.add(p + ".url: not a URL or file path: " + quote(Redaction.url(cam.url)));
            if (cam.detect == null) e.add(p + ".detect: missing");
            else {
                if (!(cam.detect.fps > 0 && cam.detect.fps <= 30)) e.add(p + ".detect.fps: must be in (0, 30], got " + cam.detect.fps);
                if (cam.detect.width < 32 || cam.detect.width > 3840) e.add(p + ".detect.width: must be in [32, 3840], got " + cam.detect.width);
            }
            if (cam.jpegQuality < 1 || cam.jpegQuality > 100) e.add(p + ".jpeg_quality: must be in [1, 100], got " + cam.jpegQuality);
            if (!"tcp".equals(cam.rtspTransport) && !"udp".equals(cam.rtspTransport)) {
                e.add(p + ".rtsp_transport: must be tcp or udp, got " + quote(cam.rtspTransport));
            }
            if (cam.watchdogSeconds < 1) e.add(p + ".watchdog_seconds: must be >= 1, got " + cam.watchdogSeconds);
            if (cam.zones != null) cam.zones.forEach((name, poly) -> polygon(e, p + ".zones." + name, poly));
            polygons(e, p + ".object_masks", cam.objectMasks);
            polygons(e, p + ".motion_masks", cam.motionMasks);
            record(e, p + ".record", cam.record);
        }
        if (c.ingest == null) e.add("ingest: missing");
        else port(e, "ingest.http_port", c.ingest.httpPort);
        VigilConfig.Detector d = c.detector;
        if (d == null) e.add("detector: missing");
        else {
            if (blank(d.model)) e.add("detector.model: must be nanodet, yolov5s or a path to an .onnx file");
            else if (!d.model.equals("nanodet") && !d.model.equals("yolov5s") && !d.model.endsWith(".onnx")) {
                e.add("detector.model: must be nanodet, yolov5s or a path to an .onnx file, got " + quote(d.model));
            } else if (d.model.endsWith(".onnx")) {
                if (d.inputSize == null || d.inputSize < 32) e.add("detector.input_size: required for an .onnx model (e.g. 640), got " + d.inputSize);
                if (d.labels == null || d.labels.isEmpty()) e.add("detector.labels: required for an .onnx model (one label per class)");
            }
            if (d.threads < 1) e.add("detector.threads: must be >= 1, got " + d.threads);
            if (d.streamThreads < 0) e.add("detector.stream_threads: must be >= 0 (0 = one per core), got " + d.streamThreads);
            if (d.standbyReplicas < 0) e.add("detector.standby_replicas: must be >= 0, got " + d.standbyReplicas);
            if (d.objects == null || d.objects.isEmpty()) e.add("detector.objects: at least one label is needed");
            else for (Map.Entry<String, VigilConfig.ObjectRule> o : d.objects.entrySet()) {
                String p = "detector.objects." + o.getKey();
                VigilConfig.ObjectRule r = o.getValue();
                if (r == null) continue;
                if (r.minScore < 0 || r.minScore > 1) e.add(p + ".min_score: must be in [0, 1], got " + r.minScore);
                if (r.minArea < 0 || r.maxArea < r.minArea) e.add(p + ": need 0 <= min_area <= max_area, got " + r.minArea + ", " + r.maxArea);
            }
            if (d.motion != null) {
                if (d.motion.threshold < 1 || d.motion.threshold > 255) e.add("detector.motion.threshold: must be in [1, 255], got " + d.motion.threshold);
                if (d.motion.minChangedFraction < 0 || d.motion.minChangedFraction > 1) e.add("detector.motion.min_changed_fraction: must be in [0, 1], got " + d.motion.minChangedFraction);
                if (d.motion.forcedCheckSeconds <= 0) e.add("detector.motion.forced_check_seconds: must be > 0, got " + d.motion.forcedCheckSeconds);
            }
            if (d.tracker != null) {
                if (d.tracker.minHits < 1) e.add("detector.tracker.min_hits: must be >= 1, got " + d.tracker.minHits);
                if (d.tracker.confirmScore < 0 || d.tracker.confirmScore > 1) e.add("detector.tracker.confirm_score: must be in [0, 1], got " + d.tracker.confirmScore);
                if (d.tracker.minIou <= 0 || d.tracker.minIou > 1) e.add("detector.tracker.min_iou: must be in (0, 1], got " + d.tracker.minIou);
                if (d.tracker.endAfterSeconds <= 0) e.add("detector.tracker.end_after_seconds: must be > 0, got " + d.tracker.endAfterSeconds);
                if (d.tracker.lowScore < 0 || d.tracker.lowScore > 1) e.add("detector.tracker.low_score: must be in [0, 1], got " + d.tracker.lowScore);
                if (d.tracker.lowMinIou <= 0 || d.tracker.lowMinIou > 1) e.add("detector.tracker.low_min_iou: must be in (0, 1], got " + d.tracker.lowMinIou);
                if (d.tracker.stationaryFrames < 1) e.add("detector.tracker.stationary_frames: must be >= 1, got " + d.tracker.stationaryFrames);
                if (d.tracker.startScore < 0 || d.tracker.startScore > 1) e.add("detector.tracker.start_score: must be in [0, 1], got " + d.tracker.startScore);
                if (d.tracker.stationaryInterval < 1) e.add("detector.tracker.stationary_interval: must be >= 1, got " + d.tracker.stationaryInterval);
            }
            port(e, "detector.http_port", d.httpPort);
        }
        if (c.sink == null) e.add("sink: missing");
        else {
            if (c.sink.databaseUrl != null && !c.sink.databaseUrl.isBlank()
                    && !c.sink.databaseUrl.startsWith("jdbc:sqlite:") && !c.sink.databaseUrl.startsWith("jdbc:postgresql:")) {
                e.add("sink.database_url: must be a jdbc:sqlite: or jdbc:postgresql: URL, got " + quote(Redaction.url(c.sink.databaseUrl)));
            }
            port(e, "sink.http_port", c.sink.httpPort);
            if (c.sink.apiToken != null && c.sink.apiToken.isBlank()) {
                e.add("sink.api_token: is blank; remove it to switch the token off, or set a real one");
            }
            if (c.sink.retentionDays < 1) e.add("sink.retention_days: must be >= 1, got " + c.sink.retentionDays);
        }
        if (c.notify == null) e.add("notify: missing");
        else c.notify.validate(e);
        if (blank(c.dataDir)) e.add("data_dir: must not be empty");
        if (c.recordings != null && c.recordings.minFreeMb < 0) e.add("recordings.min_free_mb: must be >= 0, got " + c.recordings.minFreeMb);
        return e;
    }

    private static void record(List<String> e, String p, VigilConfig.Record r) {
        if (r == null) return;
        if (!"all".equals(r.mode) && !"events".equals(r.mode)) {
            e.add(p + ".mode: must be all or events (motion is not supported yet), got " + quote(r.mode));
        }
        if (r.segmentSeconds < 1 || r.segmentSeconds > 600) e.add(p + ".segment_seconds: must be in [1, 600], got " + r.segmentSeconds);
        if (r.retainDays < 0) e.add(p + ".retain_days: must be >= 0, got " + r.retainDays);
        if (r.eventsRetainDays < r.retainDays) e.add(p + ".events_retain_days: must be >= retain_days, got " + r.eventsRetainDays);
        if (r.preCapture < 0 || r.preCapture > 300) e.add(p + ".pre_capture: must be in [0, 300] seconds, got " + r.preCapture);
        if (r.postCapture < 0 || r.postCapture > 300) e.add(p + ".post_capture: must be in [0, 300] seconds, got " + r.postCapture);
    }

    private static void port(List<String> e, String path, int port) {
        if (port < 0 || port > 65535) e.add(path + ": must be a port in [0, 65535], got " + port);
    }

    private static void polygons(List<String> e, String path, List<List<List<Double>>> polys) {
        for (int i = 0; polys != null && i < polys.size(); i++) polygon(e, path + "[" + i + "]", polys.get(i));
    }

    private static void polygon(List<String> e, String path, List<List<Double>> poly) {
        if (poly == null || poly.size() < 3) {
            e.add(path + ": a polygon needs at least 3 points [x, y], got " + (poly == null ? "nothing" : poly.size()));
            return;
        }
        for (int i = 0; i < poly.size(); i++) {
            List<Double> pt = poly.get(i);
            if (pt == null || pt.size() != 2 || pt.stream().anyMatch(v -> v == null || v < 0)) {
                e.add(path + "[" + i + "]: a point is [x, y] with x, y >= 0, got " + pt);
            }
        }
    }

    private static boolean validUrl(String url) {
        if (!url.contains("://")) return true; // a file path
        try {
            URI u = new URI(url);
            return u.getScheme() != null && (u.getHost() != null || "file".equals(u.getScheme()));
        } catch (Exception ex) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
