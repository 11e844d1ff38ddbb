package io.vigil.detector;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The detector's HTTP endpoint: {@code GET /api/cameras/{id}/objects} answers from the {@code tracks}
 * store of whichever instance owns the camera (interactive queries; other instances forward the
 * request), {@code /health} and Prometheus {@code /metrics}.
 */
public final class DetectorHttp implements AutoCloseable {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Javalin app;

    /** @param self this instance's host:port as given to Kafka Streams in {@code application.server} */
    public DetectorHttp(KafkaStreams streams, HostInfo self, PrometheusMeterRegistry metrics) {
        this.streams = streams;
        this.self = self;
        this.app = Javalin.create(c -> c.showJavalinBanner = false)
                .get("/api/cameras/{id}/objects", this::objects)
                .get("/health", this::health)
                .get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()))
                .exception(InvalidStateStoreException.class, (e, ctx) -> ctx.status(503)
                        .json(Map.of("error", "the tracks store is not available right now (" + e.getMessage() + "); retry")))
                .exception(IOException.class, (e, ctx) -> ctx.status(502)
                        .json(Map.of("error", "the instance that owns the camera did not answer: " + e.getMessage())));
    }

    public DetectorHttp start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    private void health(Context ctx) {
        KafkaStreams.State state = streams.state();
        boolean ready = state == KafkaStreams.State.RUNNING;
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN", "stream", state.name()));
    }

    private void objects(Context ctx) throws Exception {
        String camera = ctx.pathParam("id");
        KeyQueryMetadata meta = streams.queryMetadataForKey(DetectorTopology.TRACKS_STORE, camera, Serdes.String().serializer());
        if (meta == null || meta.activeHost() == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
            ctx.status(503).json(Map.of("error", "the tracks store is not available yet (rebalancing); retry"));
            return;
        }
        HostInfo owner = meta.activeHost();
        if (!owner.equals(self) && !"true".equals(ctx.queryParam("local"))) {
            forward(ctx, owner, camera);
            return;
        }
        ReadOnlyKeyValueStore<String, CameraTracks> store = streams.store(StoreQueryParameters.fromNameAndType(
                DetectorTopology.TRACKS_STORE, QueryableStoreTypes.<String, CameraTracks>keyValueStore()));
        CameraTracks tracks = store.get(camera);
        List<Map<String, Object>> objects = tracks == null ? List.of() : tracks.objects.stream()
                .filter(o -> o.confirmed)
                .map(o -> Map.<String, Object>of("id", o.id, "label", o.label, "score", o.score, "topScore", o.topScore,
                        "box", o.box, "zones", o.zones, "firstSeen", Instant.ofEpochMilli(o.firstSeen).toString(),
                        "lastSeen", Instant.ofEpochMilli(o.lastSeen).toString()))
                .toList();
        ctx.contentType("application/json").result(Json.string(Map.of("camera", camera, "objects", objects)));
    }

    private void forward(Context ctx, HostInfo owner, String camera) throws Exception {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/api/cameras/"
                + URLEncoder.encode(camera, StandardCharsets.UTF_8).replace("+", "%20") + "/objects?local=true");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        ctx.status(r.statusCode()).contentType("application/json").result(r.body());
    }

    @Override
    public void close() {
        app.stop();
    }
}
