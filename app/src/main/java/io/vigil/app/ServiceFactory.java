package io.vigil.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorHttp;
import io.vigil.detector.DetectorService;
import io.vigil.detector.DetectorSettings;
import io.vigil.vision.ModelSettings;
import io.vigil.vision.Models;
import io.vigil.vision.ObjectDetector;
import io.vigil.ingest.CameraSettings;
import io.vigil.ingest.IngestService;
import io.vigil.notify.NotifyService;
import io.vigil.sink.SinkSettings;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** Builds each service from the one config file, the same way for `vigil up` and the per-service commands. */
public final class ServiceFactory {
    private ServiceFactory() {}

    public static ModelSettings modelOptions(VigilConfig c) {
        VigilConfig.Detector d = c.detector;
        ModelSettings o = ModelSettings.defaults().withIntraOpThreads(d.threads);
        if (d.modelCache != null) o = o.withCacheDir(Path.of(d.modelCache));
        double lowest = d.objects.values().stream().mapToDouble(r -> r == null ? 0.5 : r.minScore).min().orElse(0.5);
        o = o.withMinScore(Math.max(0.05, Math.min(Math.min(lowest, d.tracker.lowScore), o.minScore())));
        if (d.inputSize != null) o = o.withInputSize(d.inputSize, d.inputSize);
        if (d.labels != null && !d.labels.isEmpty()) o = o.withLabels(d.labels);
        return o;
    }

    static ObjectDetector model(VigilConfig c) {
        return Models.load(c.detector.model, modelOptions(c));
    }

    /** A running detector plus its HTTP endpoint (interactive queries, health, metrics). */
    public record Detector(DetectorService service, DetectorHttp http, ObjectDetector model) implements AutoCloseable {
        @Override
        public void close() {
            http.close();
            service.close();
            model.close();
        }
    }

    static Detector detector(VigilConfig c, Path stateDir, String host) {
        ObjectDetector model = model(c);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        int port = c.detector.httpPort == 0 ? FreePort.find() : c.detector.httpPort;
        Map<String, Object> kafka = kafka(c);
        int streamThreads = c.detector.streamThreads > 0 ? c.detector.streamThreads : Runtime.getRuntime().availableProcessors();
        kafka.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        DetectorService service = new DetectorService(kafka, c.detector.applicationId, stateDir,
                c.detector.standbyReplicas, c.kafka.replicationFactor, DetectorSettings.from(c), model,
                host + ":" + port, metrics);
        DetectorHttp http = new DetectorHttp(service.streams(), new HostInfo(host, port), metrics,
                io.vigil.common.ApiToken.of(c.sink.apiToken)).start(host, port);
        service.start();
        return new Detector(service, http, model);
    }

    public static SinkSettings sink(VigilConfig c, int httpPort) {
        return sink(c, httpPort, c.sink.httpHost != null ? c.sink.httpHost : SinkSettings.DEFAULT_HTTP_HOST);
    }

    /** The sink's settings; user and password go to the driver apart from the URL (so '+', '&', '%' survive). */
    public static SinkSettings sink(VigilConfig c, int httpPort, String httpHost) {
        String url = c.sink.databaseUrl == null || c.sink.databaseUrl.isBlank() ? null : c.sink.databaseUrl;
        SinkSettings config = new SinkSettings(kafka(c), url, Path.of(c.dataDir), httpPort, c.sink.apiToken,
                c.sink.retentionDays, c.sink.groupId, Topics.ALERTS, Topics.SNAPSHOTS, Topics.CAMERA_STATUS, httpHost, null,
                c.sink.snapshotsMaxMb > 0 ? c.sink.snapshotsMaxMb << 20 : SinkSettings.DEFAULT_SNAPSHOTS_MAX_BYTES);
        if (c.sink.databaseUser != null) config = config.withDatabaseLogin(c.sink.databaseUser, c.sink.databasePassword);
        warnIfOpen(httpHost, c.sink.apiToken, "sink");
        return config;
    }

    /** A clear warning when an HTTP endpoint listens beyond loopback without a token. */
    static void warnIfOpen(String host, String token, String service) {
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (!loopback && (token == null || token.isBlank())) {
            org.slf4j.LoggerFactory.getLogger(ServiceFactory.class).warn("The {} listens on {} (beyond this machine) without an"
                    + " api_token: anyone who can reach it sees every alert and snapshot. Set sink.api_token (or"
                    + " VIGIL_API_TOKEN), or listen on 127.0.0.1.", service, host);
        }
    }

    /** Notify for the notify: section (MQTT, webhooks), started; null when neither is configured. */
    static NotifyService notify(VigilConfig c) {
        if (!c.notify.enabled()) return null;
        List<String> cameras = c.cameras.stream().filter(cam -> cam.enabled).map(cam -> cam.id).toList();
        return new NotifyService(kafka(c), c.notify, cameras, c.detector.objects.keySet(), Path.of(c.dataDir)).start();
    }

    static List<CameraSettings> cameras(VigilConfig c) {
        return c.cameras.stream()
                .map(cam -> new CameraSettings(cam.id, cam.url, cam.detect.fps, cam.detect.width, cam.jpegQuality,
                        cam.rtspTransport, cam.enabled))
                .toList();
    }

    static IngestService ingest(VigilConfig c, List<CameraSettings> cameras) {
        int watchdog = c.cameras.stream().mapToInt(cam -> cam.watchdogSeconds).min().orElse(20);
        IngestService.Builder b = IngestService.builder(kafka(c))
                .cameras(cameras)
                .topics(TopicSetup.Layout.of(c.kafka))
                .watchdog(Duration.ofSeconds(watchdog))
                .recordingsDir(recordingsDir(c));
        for (VigilConfig.Camera cam : c.cameras) {
            if (cam.record != null && cam.record.enabled) b.record(cam.id, cam.record.segmentSeconds);
        }
        return b.start();
    }

    /** recordings.dir, or DATA_DIR/recordings. */
    static Path recordingsDir(VigilConfig c) {
        return c.recordings != null && c.recordings.dir != null ? Path.of(c.recordings.dir) : Path.of(c.dataDir, "recordings");
    }

    static io.vigil.sink.RecordingSettings recordings(VigilConfig c) {
        java.util.Map<String, VigilConfig.Record> perCamera = new java.util.HashMap<>();
        for (VigilConfig.Camera cam : c.cameras) {
            if (cam.id != null && cam.record != null) perCamera.put(cam.id, cam.record);
        }
        long minFree = c.recordings == null ? 0 : c.recordings.minFreeMb << 20;
        return new io.vigil.sink.RecordingSettings(Topics.RECORDINGS, recordingsDir(c), minFree, perCamera);
    }

    /** A camera given on the command line as {@code ID=URL}, with the default detect settings. */
    static VigilConfig.Camera camera(String idEqualsUrl) {
        int eq = idEqualsUrl.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--camera must be ID=URL, got '" + io.vigil.common.Redaction.url(idEqualsUrl) + "'");
        VigilConfig.Camera cam = new VigilConfig.Camera();
        cam.id = idEqualsUrl.substring(0, eq);
        cam.url = idEqualsUrl.substring(eq + 1);
        return cam;
    }

    /** Settings of every Kafka client of every service: bootstrap.servers and kafka.properties. */
    public static Map<String, Object> kafka(VigilConfig c) {
        return c.kafka.clientConfig();
    }
}
