package io.vigil.notify;

import io.javalin.Javalin;
import io.vigil.common.Json;

/** {@code /health} (consumer, MQTT connection, webhook queues) and Prometheus {@code /metrics} of notify. */
final class NotifyHttp implements AutoCloseable {
    private final Javalin app;

    NotifyHttp(NotifyService service, NotifyMetrics metrics) {
        app = Javalin.create(c -> c.showJavalinBanner = false)
                .get("/health", ctx -> {
                    var body = service.health();
                    ctx.status("UP".equals(body.get("status")) ? 200 : 503);
                    ctx.contentType("application/json").result(Json.string(body));
                })
                .get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.registry.scrape()));
    }

    NotifyHttp start(int port) {
        app.start(port);
        return this;
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
