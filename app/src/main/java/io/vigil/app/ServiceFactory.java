package io.vigil.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorHttp;
import io.vigil.detector.DetectorService;
import io.vigil.vision.Models;
import io.vigil.vision.ObjectDetector;
import io.vigil.ingest.CameraSettings;
import io.vigil.ingest.IngestService;
import io.vigil.notify.NotifyService;
import io.vigil.common.TopicSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** Builds each service from the one config file, the same way for `vigil up` and the per-service commands. */
public final class ServiceFactory {
    private ServiceFactory() {}

    static ObjectDetector model(VigilConfig c) {
        return Models.load(c.detector.model, ConfigMapping.model(c));
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
                c.detector.standbyReplicas, c.kafka.replicationFactor, ConfigMapping.detector(c), model,
                host + ":" + port, metrics);
        DetectorHttp http = new DetectorHttp(service.streams(), new HostInfo(host, port), metrics,
                io.vigil.common.ApiToken.of(c.sink.apiToken)).start(host, port);
        service.start();
        return new Detector(service, http, model);
    }

    /** Notify for the notify: section (MQTT, webhooks), started; null when neither is configured. */
    static NotifyService notify(VigilConfig c) {
        if (!c.notify.enabled()) return null;
        List<String> cameras = c.cameras.stream().filter(cam -> cam.enabled).map(cam -> cam.id).toList();
        return new NotifyService(kafka(c), c.notify, cameras, c.detector.objects.keySet(), Path.of(c.dataDir)).start();
    }

    static IngestService ingest(VigilConfig c, List<CameraSettings> cameras) {
        IngestService.Builder b = IngestService.builder(kafka(c))
                .cameras(cameras)
                .topics(TopicSetup.Layout.of(c.kafka))
                .recordingsDir(ConfigMapping.recordingsDir(c));
        for (VigilConfig.Camera cam : c.cameras) {
            if (cam.record.enabled) b.record(cam.id, cam.record.segmentSeconds);
        }
        return b.start();
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

    private static Map<String, Object> kafka(VigilConfig c) {
        return ConfigMapping.kafka(c);
    }
}
