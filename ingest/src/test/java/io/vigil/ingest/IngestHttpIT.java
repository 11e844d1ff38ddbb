package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator (or docker compose's health check) sees of a running ingest over HTTP. */
class IngestHttpIT {
    @TempDir Path dir;

    @Test
    void healthListsEveryCameraAndMetricsGiveFpsAndOnline() throws Exception {
        Path clip = Footage.clip(dir, "porch.mp4", 6);
        List<CameraSettings> cameras = List.of(CameraSettings.of("porch", clip.toString()),
                CameraSettings.of("gone", "rtsp://127.0.0.1:9/nothing"));
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedKafka kafka = TestKitCluster.start(1);
             IngestService ingest = IngestService.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                     .cameras(cameras).backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)).start();
             IngestHttp server = new IngestHttp(ingest, cameras, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start(0)) {
            String base = "http://127.0.0.1:" + server.port();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                JsonNode body = Json.MAPPER.readTree(health.body());
                assertThat(body.get("status").asText()).isEqualTo("UP");
                Map<String, String> states = new HashMap<>();
                body.get("cameras").forEach(c -> states.put(c.get("camera").asText(), c.get("state").asText()));
                assertThat(states).containsEntry("porch", "online");
                assertThat(states.get("gone")).isIn("offline", "reconnecting");
                String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("vigil_ingest_online{camera=\"porch\"} 1.0")
                        .contains("vigil_ingest_online{camera=\"gone\"} 0.0")
                        .containsPattern("vigil_ingest_fps\\{camera=\"porch\"} [1-9]");
            });
        }
    }
}
