package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.FrameHeaders;
import io.vigil.common.Json;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import io.vigil.detector.DetectorHttp;
import io.vigil.detector.DetectorService;
import io.vigil.detector.DetectorSettings;
import io.vigil.vision.ModelSettings;
import io.vigil.vision.Models;
import io.vigil.vision.ObjectDetector;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "What is in front of camera X right now": two detector instances share the cameras; either instance
 * answers for any camera, from the tracks store of the instance that owns it (interactive queries).
 */
class TrackedObjectsQueryIT {
    private static final List<String> CAMERAS = List.of("north", "south", "east", "west");

    @TempDir Path work;

    @Test
    void eitherInstanceAnswersForEveryCameraFromItsOwnersTracksStore() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(work.resolve("kafka"), 0);
             ObjectDetector model = Models.load("nanodet", ModelSettings.defaults().withIntraOpThreads(1))) {
            Map<String, Object> props = kafka.clientConfig();
            TopicSetup.ensure(props, 4, (short) 1);
            List<AutoCloseable> open = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    int port = FreePort.find();
                    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    DetectorService d = new DetectorService(props, "query-test", work.resolve("state" + i), 0, 1,
                            DetectorSettings.defaults(), model, "127.0.0.1:" + port, metrics);
                    DetectorHttp h = new DetectorHttp(d.streams(), new HostInfo("127.0.0.1", port), metrics).start("127.0.0.1", port);
                    open.add(0, d);
                    open.add(0, h);
                    d.start();
                    ports.add(port);
                }
                publishStillScene(kafka.bootstrapServers());
                for (int port : ports) {
                    for (String camera : CAMERAS) {
                        await("camera " + camera + " via port " + port).atMost(Duration.ofMinutes(2)).ignoreExceptions()
                                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/api/cameras/" + camera + "/objects")).build(),
                                            HttpResponse.BodyHandlers.ofString());
                                    assertThat(r.statusCode()).isEqualTo(200);
                                    JsonNode body = Json.MAPPER.readTree(r.body());
                                    assertThat(body.get("camera").asText()).isEqualTo(camera);
                                    List<String> labels = new ArrayList<>();
                                    body.get("objects").forEach(o -> labels.add(o.get("label").asText()));
                                    assertThat(labels).contains("person");
                                });
                    }
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).isEqualTo(200);
                    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(metrics.body()).contains("vigil_detector_frames_total").contains("vigil_detector_inference_seconds");
                }
                // Both instances own some cameras, so some answers above were forwarded.
                assertThat(open.stream().filter(o -> o instanceof DetectorService).map(o -> ((DetectorService) o).streams())
                        .allMatch(s -> s.state() == KafkaStreams.State.RUNNING)).isTrue();
            } finally {
                for (AutoCloseable c : open) c.close();
            }
        }
    }

    /** Two seconds of a still picture with people in it, for each camera. */
    private static void publishStillScene(String bootstrap) throws Exception {
        byte[] jpeg;
        try (InputStream in = TrackedObjectsQueryIT.class.getResourceAsStream("/still.jpg")) {
            jpeg = in.readAllBytes();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("max.request.size", Topics.FRAMES_MAX_MESSAGE_BYTES);
        Instant t0 = Instant.parse("2026-11-20T22:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (String camera : CAMERAS) {
                for (int i = 0; i < 15; i++) {
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.FRAMES, null, t0.toEpochMilli() + i * 2_500L, camera, jpeg);
                    FrameHeaders.write(r.headers(), i, 640, 480);
                    producer.send(r);
                }
            }
        }
    }
}
