package io.vigil.sink;

import static io.vigil.sink.SinkFixture.newAlert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Stops the local PostgreSQL server under a running sink and starts it again. Runs after every other test
 * class (it takes the server away from them) and always leaves the server running.
 */
@Order(Integer.MAX_VALUE)
class PostgresOutageIT {

    @Test
    void alertsProducedWhilePostgresIsDownAreStoredExactlyOnceWhenItReturns() throws Exception {
        String cam = "outage-" + UUID.randomUUID().toString().substring(0, 6);
        Instant start = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 8; i++) alerts.add(newAlert(cam + "-" + i, cam, "person", start.plusSeconds(i)));

        try (TestDatabase db = TestDatabase.postgres(); SinkFixture f = new SinkFixture(db.jdbcUrl(), null)) {
            try {
                f.send(alerts.subList(0, 3).toArray(Alert[]::new));
                f.awaitStored();

                postgres("stop");
                f.send(alerts.subList(3, 8).toArray(Alert[]::new));
                f.send(alerts.get(3), alerts.get(7)); // and a redelivery on top
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> health = f.get("/health");
                    assertThat(health.statusCode()).isEqualTo(503);
                    JsonNode body = Json.MAPPER.readTree(health.body());
                    assertThat(body.get("database").asText()).isEqualTo("DOWN");
                    assertThat(body.get("databaseWrites").asText()).isEqualTo("FAILING");
                    assertThat(body.get("consumer").asText()).isEqualTo("RUNNING");
                });
                assertThat(f.get("/api/alerts").statusCode()).isEqualTo(503);
                // it keeps retrying (with backoff) while the server stays away
                await().atMost(Duration.ofSeconds(30)).until(() -> metric(f, "vigil_sink_database_failures_total") >= 2);
                assertThat(f.sink.health().databaseUp()).isFalse();
            } finally {
                ensurePostgresRunning();
            }

            assertThat(f.sink.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            JsonNode page = f.getJson("/api/alerts?camera=" + cam + "&limit=100");
            List<String> ids = new ArrayList<>();
            page.get("alerts").forEach(a -> ids.add(a.get("id").asText()));
            List<String> newestFirst = new ArrayList<>(alerts.stream().map(Alert::id).toList());
            Collections.reverse(newestFirst);
            assertThat(ids).containsExactlyElementsOf(newestFirst);
            assertThat(f.sink.storedAlertCount()).isEqualTo(8);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(f.get("/health").statusCode()).isEqualTo(200));
        } finally {
            ensurePostgresRunning();
        }
    }

    private static double metric(SinkFixture f, String name) throws Exception {
        return f.get("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim())).sum();
    }

    private static void ensurePostgresRunning() throws Exception {
        if (!postgresAnswers()) postgres("start");
        await().atMost(Duration.ofSeconds(30)).until(PostgresOutageIT::postgresAnswers);
    }

    private static boolean postgresAnswers() {
        try (Connection c = DriverManager.getConnection(TestDatabase.POSTGRES_URL)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** {@code pg_ctlcluster <version> main stop|start} on the local server. */
    private static void postgres(String action) throws IOException, InterruptedException {
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("pg_ctlcluster %s: %s", action, output).isZero();
    }
}
