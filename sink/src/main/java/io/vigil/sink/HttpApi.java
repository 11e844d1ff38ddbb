package io.vigil.sink;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.vigil.common.ApiToken;
import io.vigil.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sink's HTTP server: the JSON API under {@code /api}, health, metrics, and the web page's static files. */
final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Set<String> ALERT_FILTERS = Set.of("camera", "label", "zone", "from", "to", "limit", "cursor");

    private final AlertRepository repository;
    private final CameraStatusRepository cameras;
    private final Database database;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final LiveEvents live;
    private final ApiToken token;
    private final Javalin app;
    private final java.util.function.UnaryOperator<String> redact;
    private final Recordings recordings;

    /** The recordings parts of the API: index, clip cutter, per-camera pre/post capture. */
    record Recordings(RecordingIndex index, ClipCutter cutter, RecordingSettings settings, LiveView live) {}

    HttpApi(SinkSettings config, AlertRepository repository, CameraStatusRepository cameras, Database database, SinkHealth health,
            SinkMetrics metrics, LiveEvents live, Recordings recordings) {
        this.recordings = recordings;
        this.repository = repository;
        this.cameras = cameras;
        this.database = database;
        this.health = health;
        this.metrics = metrics;
        this.live = live;
        this.redact = config::redact;
        this.token = ApiToken.of(config.apiToken());
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            if (HttpApi.class.getResource("/public") != null) {
                cfg.staticFiles.add("/public", Location.CLASSPATH);
            }
        });
        routes();
    }

    private void routes() {
        app.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
        app.before("/api/*", this::checkToken);
        app.post("/api/login", ctx -> { // the page's login step: the header proved the token, the cookie carries it
            if (token.required()) ctx.header("Set-Cookie", token.loginCookie());
            ctx.json(Map.of("login", "ok"));
        });
        app.get("/api/alerts", this::listAlerts);
        app.get("/api/alerts/{id}", this::alert);
        app.get("/api/alerts/{id}/snapshot.jpg", this::snapshot);
        app.get("/api/alerts/{id}/clip.mp4", this::clip);
        app.get("/api/recordings", this::listRecordings);
        app.get("/api/cameras/{id}/clip.mp4", this::span);
        app.get("/api/cameras/{id}/live.mjpeg", ctx -> recordings.live().stream(ctx));
        app.get("/api/cameras", ctx -> ctx.json(Map.of("cameras", cameras.cameras())));
        app.sse("/api/events", live::connect);
        app.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
        app.get("/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        app.exception(BadParameterException.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST)
                .json(Map.of("error", e.getMessage(), "parameter", e.parameter())));
        app.exception(SQLException.class, (e, ctx) -> {
            log.warn("API request {} failed, database unavailable: {}", ctx.path(), redact.apply(e.getMessage()));
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "database unavailable"));
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            String type = ctx.res().getContentType();
            if (ctx.path().startsWith("/api/") && (type == null || !type.startsWith("application/json"))) {
                ctx.json(Map.of("error", "no such resource"));
            }
        });
    }

    private static byte[] openApi() throws IOException {
        try (InputStream in = HttpApi.class.getResourceAsStream("openapi.json")) {
            return in.readAllBytes();
        }
    }

    void start(String host, int port) {
        app.start(host, port);
        log.info("Sink HTTP API listening on {}:{}", host, app.port());
    }

    int port() {
        return app.port();
    }

    /** The query form of the token only where a browser cannot send a header: images and EventSource. */
    private void checkToken(Context ctx) {
        if (!token.required()) return;
        boolean queryAllowed = ctx.path().endsWith("/snapshot.jpg") || ctx.path().equals("/api/events");
        if (!token.accepts(ctx.header("Authorization"), ctx.cookie(ApiToken.COOKIE),
                queryAllowed ? ctx.queryParam(ApiParams.TOKEN) : null)) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "missing or wrong API token"));
            ctx.skipRemainingHandlers();
        }
    }

    private void listAlerts(Context ctx) throws SQLException {
        ApiParams p = ApiParams.of(ctx, ALERT_FILTERS);
        AlertQuery query = new AlertQuery(p.text("camera"), p.text("label"), p.text("zone"), p.instant("from"),
                p.instant("to"), p.integer("limit", AlertQuery.DEFAULT_LIMIT, 1, AlertQuery.MAX_LIMIT),
                p.cursor("cursor"));
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw new BadParameterException("to", "parameter 'to' must be later than 'from'");
        }
        ctx.json(repository.find(query));
    }

    private void alert(Context ctx) throws SQLException {
        ApiParams.of(ctx, Set.of());
        String id = ctx.pathParam("id");
        var details = repository.findWithHistory(id);
        if (details.isEmpty()) {
            notFound(ctx, id);
            return;
        }
        ctx.json(details.get());
    }

    private void snapshot(Context ctx) throws SQLException {
        ApiParams.of(ctx, Set.of());
        String id = ctx.pathParam("id");
        var jpeg = repository.snapshot(id);
        if (jpeg.isEmpty()) {
            notFound(ctx, id);
            return;
        }
        // pictures of people: never kept by a shared cache or on disk
        ctx.contentType("image/jpeg").header("Cache-Control", "private, no-store").result(jpeg.get());
    }

    /** The event from start − pre_capture to end + post_capture (to the newest recording while active), with Range support. */
    private void clip(Context ctx) throws SQLException {
        ApiParams.of(ctx, Set.of());
        String id = ctx.pathParam("id");
        var alert = repository.find(id);
        if (alert.isEmpty()) {
            notFound(ctx, id);
            return;
        }
        StoredAlert a = alert.get();
        var record = recordings.settings().of(a.camera());
        java.time.Instant from = a.startTime().minusSeconds(record.preCapture);
        java.time.Instant to = a.endTime() != null ? a.endTime().plusSeconds(record.postCapture)
                : recordings.index().newest(a.camera()).map(RecordingIndex.Entry::end).orElse(a.lastFrameTime());
        var clip = recordings.cutter().cut(a.camera(), from, to);
        if (clip.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no recording of camera '" + a.camera() + "' covers alert '" + id + "'"));
            return;
        }
        serveFile(ctx, clip.get());
    }

    static void serveFile(Context ctx, java.nio.file.Path file) {
        try {
            long size = java.nio.file.Files.size(file);
            ctx.header("Cache-Control", "no-cache");
            ctx.writeSeekableStream(java.nio.file.Files.newInputStream(file), "video/mp4", size);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read clip " + file, e);
        }
    }

    /** Any span of a camera's recordings, at most an hour: what the timeline plays from a clicked moment. */
    private void span(Context ctx) throws SQLException {
        ApiParams p = ApiParams.of(ctx, Set.of("from", "to"));
        java.time.Instant from = p.instant("from");
        java.time.Instant to = p.instant("to");
        if (from == null || to == null) throw new BadParameterException(from == null ? "from" : "to", "parameters 'from' and 'to' are required");
        if (!from.isBefore(to)) throw new BadParameterException("to", "parameter 'to' must be later than 'from'");
        if (java.time.Duration.between(from, to).toHours() >= 1) throw new BadParameterException("to", "a span is at most one hour (use vigil export)");
        String camera = ctx.pathParam("id");
        var clip = recordings.cutter().cut(camera, from, to);
        if (clip.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no recording of camera '" + camera + "' in that span"));
            return;
        }
        serveFile(ctx, clip.get());
    }

    private void listRecordings(Context ctx) throws SQLException {
        ApiParams p = ApiParams.of(ctx, Set.of("camera", "from", "to", "limit"));
        var list = recordings.index().find(p.text("camera"), p.instant("from"), p.instant("to"),
                p.integer("limit", 1000, 1, 10_000));
        ctx.json(Map.of("recordings", list.stream().map(RecordingIndex.Entry::segment).toList()));
    }

    private static void notFound(Context ctx, String id) {
        ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no alert with id '" + id + "'"));
    }

    private void health(Context ctx) {
        boolean dbReachable = database.reachable();
        boolean consumer = health.consumerRunning();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", dbReachable && consumer && health.databaseUp() ? "UP" : "DOWN");
        body.put("database", dbReachable ? "UP" : "DOWN");
        body.put("databaseWrites", health.databaseUp() ? "OK" : "FAILING");
        if (health.databaseError() != null) body.put("databaseError", health.databaseError());
        if (health.databaseDownSince() != null) body.put("databaseDownSince", health.databaseDownSince().toString());
        body.put("consumer", consumer ? "RUNNING" : "STOPPED");
        body.put("liveClients", live.clientCount());
        body.put("liveViewers", recordings.live().viewers());
        ctx.status(body.get("status").equals("UP") ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    @Override
    public void close() {
        recordings.live().close();
        app.stop();
    }
}
