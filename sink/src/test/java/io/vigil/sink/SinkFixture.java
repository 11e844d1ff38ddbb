package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.TopicSetup;
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
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A sink running against the shared embedded broker on topics of its own, plus a Kafka producer to feed
 * it and an HTTP client to query it.
 */
final class SinkFixture implements AutoCloseable {
    final SinkSettings config;
    final SinkService sink;
    final Producer producer;
    final HttpClient http = HttpClient.newHttpClient();

    final String recordingsTopic;
    final String framesTopic;
    final String motionTopic;
    final String objectsTopic;

    SinkFixture(String jdbcUrl, String apiToken) {
        this(jdbcUrl, apiToken, RecordingSettings.defaults(), c -> c);
    }

    /** With recordings announced on a topic of its own (the topic of {@code recordings} is replaced). */
    SinkFixture(String jdbcUrl, String apiToken, RecordingSettings recordings) {
        this(jdbcUrl, apiToken, recordings, c -> c);
    }

    /** @param adjust changes to the test's sink config (e.g. a small snapshot cap) */
    SinkFixture(String jdbcUrl, String apiToken, java.util.function.UnaryOperator<SinkSettings> adjust) {
        this(jdbcUrl, apiToken, RecordingSettings.defaults(), adjust);
    }

    private SinkFixture(String jdbcUrl, String apiToken, RecordingSettings recordings,
                        java.util.function.UnaryOperator<SinkSettings> adjust) {
        EmbeddedKafka kafka = SharedKafka.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        config = adjust.apply(SinkSettings.ofJdbcUrl(kafka.clientConfig(), jdbcUrl)
                .withHttpPort(0)
                .withApiToken(apiToken)
                .withGroupId("sink-test-" + run)
                .withTopics("alerts-" + run, "snapshots-" + run, "camera-status-" + run));
        recordingsTopic = "recordings-" + run;
        framesTopic = "frames-" + run;
        motionTopic = "motion-" + run;
        objectsTopic = "objects-" + run;
        TopicSetup.ensure(kafka.clientConfig(), List.of(new NewTopic(config.alertsTopic(), 2, (short) 1),
                new NewTopic(config.snapshotsTopic(), 2, (short) 1),
                TopicSetup.cameraStatus(config.cameraStatusTopic(), 1, (short) 1),
                new NewTopic(framesTopic, 2, (short) 1), TopicSetup.objects(objectsTopic, 2, (short) 1)));
        producer = new Producer(kafka.bootstrapServers());
        sink = new SinkService(config).recordings(recordings.withTopic(recordingsTopic).withFramesTopic(framesTopic)
                .withMotionTopic(motionTopic)).objectsTopic(objectsTopic).start();
        // /health is UP once the consumer has joined its group: tests start from a running sink
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> get("/health").statusCode() == 200);
    }

    static Alert alert(String type, String id, String camera, String label, double score, Instant start,
                       int seq, List<String> zones) {
        Instant frameTime = start.plusSeconds(seq);
        return new Alert(type, id, camera, label, score, score, new double[] {10, 20, 110, 220}, frameTime,
                768, 576, zones, start, Alert.END.equals(type) ? frameTime : null, seq);
    }

    static Alert newAlert(String id, String camera, String label, Instant start) {
        return alert(Alert.NEW, id, camera, label, 0.8, start, 0, List.of());
    }

    void send(Alert... alerts) {
        producer.send(config.alertsTopic(), alerts);
    }

    void sendRaw(String topic, String key, byte[] value) {
        producer.sendRaw(topic, key, value);
    }

    /** With the record timestamp set, as ingest (capture time) and the detector do. */
    void sendRaw(String topic, String key, byte[] value, Instant timestamp) {
        producer.sendRaw(topic, key, value, timestamp);
    }

    /** A plain Kafka producer of alerts (JSON, key = camera) and raw records. */
    static final class Producer implements AutoCloseable {
        private final KafkaProducer<String, byte[]> kafka;

        Producer(String bootstrapServers) {
            kafka = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }

        void send(String topic, Alert... alerts) {
            for (Alert a : alerts) sendRaw(topic, a.camera(), Json.bytes(a));
        }

        void sendRaw(String topic, String key, byte[] value) {
            sendRaw(topic, key, value, null);
        }

        void sendRaw(String topic, String key, byte[] value, Instant timestamp) {
            try {
                kafka.send(new ProducerRecord<>(topic, null, timestamp == null ? null : timestamp.toEpochMilli(), key, value)).get();
            } catch (Exception e) {
                throw new AssertionError("could not produce to " + topic, e);
            }
        }

        @Override
        public void close() {
            kafka.close();
        }
    }

    /** Waits until everything produced so far is stored. */
    void awaitStored() throws InterruptedException {
        assertThat(sink.awaitCaughtUp(Duration.ofSeconds(30))).as("sink caught up within 30 s").isTrue();
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery, null);
    }

    HttpResponse<String> get(String pathAndQuery, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (bearer != null) req.header("Authorization", "Bearer " + bearer);
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        assertThat(r.statusCode()).as("GET %s: %s", pathAndQuery, r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + sink.port() + pathAndQuery);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sink.close();
        producer.close();
    }
}
