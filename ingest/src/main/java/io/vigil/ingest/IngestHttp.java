package io.vigil.ingest;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.common.ApiToken;
import io.vigil.common.CameraState;
import io.vigil.common.CameraStatus;
import io.vigil.common.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest's HTTP endpoint for operators and orchestrators: {@code /health} (the process runs; every
 * camera's state in the body — an offline camera is the camera's problem, a restart would not help)
 * and Prometheus {@code /metrics}: per camera the measured fps and whether it is online.
 */
public final class IngestHttp implements AutoCloseable {
    private final Javalin app;

    public IngestHttp(IngestService ingest, List<CameraSettings> cameras, PrometheusMeterRegistry metrics) {
        this(ingest, cameras, metrics, ApiToken.of(null));
    }

    /**
     * @param token the sink's API token rule: with a token configured, {@code /health} without it answers only
     *              the status (for orchestrators' health checks); the cameras' details need the token
     */
    public IngestHttp(IngestService ingest, List<CameraSettings> cameras, PrometheusMeterRegistry metrics, ApiToken token) {
        for (CameraSettings c : cameras) {
            Gauge.builder("vigil.ingest.fps", ingest, s -> fps(s.status(c.id()))).tag("camera", c.id())
                    .description("frames per second published, measured").register(metrics);
            Gauge.builder("vigil.ingest.online", ingest, s -> online(s.status(c.id()))).tag("camera", c.id())
                    .description("1 while the camera delivers frames").register(metrics);
            io.micrometer.core.instrument.FunctionCounter.builder("vigil.ingest.frames.lost", ingest, s -> s.framesLost(c.id()))
                    .tag("camera", c.id()).description("frames not published: dropped while Kafka was away or behind, failed, too large")
                    .register(metrics);
        }
        app = Javalin.create(c -> c.showJavalinBanner = false)
                .before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"))
                .get("/health", ctx -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "UP");
                    if (token.accepts(ctx.header("Authorization"), ctx.cookie(ApiToken.COOKIE), null)) {
                        body.put("cameras", ingest.statuses());
                        body.put("recorders", ingest.recorderStatuses());
                    }
                    ctx.contentType("application/json").result(Json.string(body));
                })
                .get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
    }

    public IngestHttp start(int port) {
        app.start(port);
        return this;
    }

    public int port() {
        return app.port();
    }

    private static double fps(CameraStatus s) {
        return s == null ? 0 : s.fps();
    }

    private static double online(CameraStatus s) {
        return s != null && s.state() == CameraState.ONLINE ? 1 : 0;
    }

    @Override
    public void close() {
        app.stop();
    }
}
