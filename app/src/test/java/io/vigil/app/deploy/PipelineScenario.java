package io.vigil.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.common.Json;
import io.vigil.common.TopicSetup;
import io.vigil.detector.DetectorService;
import io.vigil.detector.DetectorSettings;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.vision.ModelSettings;
import io.vigil.vision.Models;
import io.vigil.vision.ObjectDetector;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import io.vigil.sink.SinkSettings;
import io.vigil.sink.SinkService;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The distributed pipeline on real parts against a given Kafka and database: the first 10 seconds of the
 * sample footage are replayed as a camera into Kafka, the detector (Kafka Streams with the real NanoDet
 * model) turns them into alerts, and the sink stores those in the database and serves them on
 * {@code /api/alerts}. Runs against containers in {@link ContainersPipelineIT}; any Kafka (e.g. the
 * embedded broker) and any JDBC URL the sink accepts will do.
 *
 * <p>Each run publishes as a camera of its own and uses its own Streams application and consumer group,
 * so runs can share a broker and a database.
 */
public final class PipelineScenario {
    /** The first 10 s of samples/vtest.mp4 (100 frames at 10 fps), see SOURCE.md beside it. */
    public static final String CLIP = "/deploy/vtest-10s.mp4";
    public static final Duration CLIP_LENGTH = Duration.ofSeconds(10);
    public static final double DETECT_FPS = 5;

    /**
     * What a user of the deployment would look at.
     *
     * @param recordingStart  the replay dated the recording at this instant (an hour ago: the sink keeps 30 days)
     * @param framesPublished frames the replay published (the clip sampled at DETECT_FPS)
     * @param framesDetected  of those, frames the detector processed
     * @param alertsEmitted   alerts ({@code new} events) the detector emitted for the camera
     * @param apiAlerts       the camera's alerts as {@code GET /api/alerts?camera=...} returns them
     * @param databaseRows    the camera's rows in the database's {@code alerts} table, read with plain JDBC
     */
    public record Result(String camera, Instant recordingStart, long framesPublished, long framesDetected, long alertsEmitted,
                         List<JsonNode> apiAlerts, long databaseRows) {}

    private PipelineScenario() {}

    /**
     * Runs the scenario and returns once every published frame is processed and every alert is stored.
     *
     * @param bootstrapServers Kafka to run on
     * @param jdbcUrl          the sink's database (PostgreSQL or SQLite JDBC URL, with credentials)
     * @param workDir          an empty directory for the detector's state stores
     */
    public static Result run(String bootstrapServers, String jdbcUrl, Path workDir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String camera = "deploy-" + run;
        Instant recordingStart = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrapServers);
        TopicSetup.ensure(kafka, 2, (short) 1);

        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (ObjectDetector model = Models.load(Models.NANODET, ModelSettings.defaults().withIntraOpThreads(2));
             DetectorService detector = new DetectorService(kafka, "vigil-detector-" + run, workDir.resolve("state"), 0, 1,
                     DetectorSettings.defaults(), model, null, metrics).start();
             SinkService sink = new SinkService(SinkSettings.ofJdbcUrl(kafka, jdbcUrl)
                     .withHttpPort(0).withGroupId("vigil-sink-" + run)).start()) {
            ReplaySummary replay = new Replay(List.of(clip()), camera, kafka)
                    .start(recordingStart).speed(Replay.MAX_SPEED).detectFps(DETECT_FPS).run();
            if (replay.filesFailed() > 0) throw new IllegalStateException("replay failed: " + replay.errors());

            await("detector processes the " + replay.frames() + " frames and the sink stores their alerts")
                    .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(detector.stats().get(camera, Kind.FRAMES)).as("frames processed").isGreaterThanOrEqualTo(replay.frames());
                        assertThat(databaseRows(jdbcUrl, camera)).as("alerts stored")
                                .isEqualTo(detector.stats().get(camera, Kind.ALERTS_NEW));
                    });
            return new Result(camera, recordingStart, replay.frames(), detector.stats().get(camera, Kind.FRAMES),
                    detector.stats().get(camera, Kind.ALERTS_NEW), apiAlerts(sink.port(), camera), databaseRows(jdbcUrl, camera));
        }
    }

    /**
     * What a user checks after the run: every frame was processed, the people walking through the footage
     * became alerts, and each alert the detector emitted is in the database and on the API, dated within
     * the recording (event time, not processing time).
     */
    public static void assertAlertsStored(Result r) {
        long expectedFrames = Math.round(CLIP_LENGTH.toSeconds() * DETECT_FPS);
        assertThat(r.framesPublished()).as("frames published (%d s sampled at %s fps)", CLIP_LENGTH.toSeconds(), DETECT_FPS)
                .isBetween(expectedFrames - 1, expectedFrames + 1);
        assertThat(r.framesDetected()).as("frames the detector processed").isEqualTo(r.framesPublished());
        assertThat(r.alertsEmitted()).as("alerts emitted by the detector").isPositive();
        assertThat(r.databaseRows()).as("alerts in the database").isEqualTo(r.alertsEmitted());
        assertThat(r.apiAlerts()).as("alerts on /api/alerts").hasSize((int) r.alertsEmitted());
        assertThat(r.apiAlerts()).extracting(a -> a.path("label").asText()).as("labels").contains("person");
        Instant end = r.recordingStart().plus(CLIP_LENGTH);
        for (JsonNode a : r.apiAlerts()) {
            assertThat(a.path("camera").asText()).isEqualTo(r.camera());
            assertThat(Instant.parse(a.path("startTime").asText())).as("start of alert %s", a.path("id").asText())
                    .isBetween(r.recordingStart(), end);
        }
    }

    private static Path clip() throws URISyntaxException {
        return Path.of(PipelineScenario.class.getResource(CLIP).toURI());
    }

    private static long databaseRows(String jdbcUrl, String camera) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM alerts WHERE camera = ?")) {
            q.setString(1, camera);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            return -1; // the sink has not created its tables yet
        }
    }

    private static List<JsonNode> apiAlerts(int port, String camera) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/alerts?limit=500&camera=" + camera)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException("GET /api/alerts: " + response.statusCode() + " " + response.body());
        List<JsonNode> alerts = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).path("alerts").forEach(alerts::add);
        return alerts;
    }
}
