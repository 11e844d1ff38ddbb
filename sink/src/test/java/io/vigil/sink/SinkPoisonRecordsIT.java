package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Hostile records on each of the sink's three topics, interleaved with good ones: every good alert,
 * snapshot and camera status is stored, every hostile one counted as poison, and the consumer keeps running.
 */
class SinkPoisonRecordsIT {
    private static final int PER_TOPIC = 300;
    private final Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void sqlite() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite()) {
            run(db);
        }
    }

    @Test
    void postgres() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            run(db);
        }
    }

    private void run(TestDatabase db) throws Exception {
        String cam = "poison-" + UUID.randomUUID().toString().substring(0, 6);
        Random random = new Random(7);
        try (SinkFixture f = new SinkFixture(db.jdbcUrl(), null);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Supplier<byte[]>> badAlerts = badAlerts(cam, random);
            List<Supplier<byte[][]>> badSnapshots = badSnapshots(random);
            List<Supplier<byte[][]>> badStatuses = badStatuses(random);
            List<String> good = new ArrayList<>();
            int hostile = 0;
            for (int i = 0; i < PER_TOPIC; i++) {
                byte[] key = cam.getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(f.config.alertsTopic(), i % 7 == 0 ? null : key, badAlerts.get(i % badAlerts.size()).get()));
                byte[][] s = badSnapshots.get(i % badSnapshots.size()).get();
                producer.send(new ProducerRecord<>(f.config.snapshotsTopic(), s[0], s[1]));
                byte[][] c = badStatuses.get(i % badStatuses.size()).get();
                producer.send(new ProducerRecord<>(f.config.cameraStatusTopic(), c[0], c[1]));
                hostile += 3;
                if (i % 30 == 0) {
                    Alert a = SinkFixture.newAlert("good-" + i + "-" + cam, cam, "person", base.plusSeconds(i));
                    good.add(a.id());
                    producer.send(new ProducerRecord<>(f.config.alertsTopic(), key, Json.bytes(a)));
                    producer.send(new ProducerRecord<>(f.config.snapshotsTopic(), a.id().getBytes(StandardCharsets.UTF_8), jpeg()));
                }
            }
            producer.send(new ProducerRecord<>(f.config.cameraStatusTopic(), cam.getBytes(StandardCharsets.UTF_8),
                    "{\"camera\":\"x\",\"state\":\"online\",\"fps\":5}".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            f.awaitStored();

            JsonNode page = f.getJson("/api/alerts?limit=100&camera=" + cam);
            List<String> stored = new ArrayList<>();
            page.get("alerts").forEach(a -> stored.add(a.get("id").asText()));
            assertThat(stored).containsExactlyInAnyOrderElementsOf(good);
            for (String id : good) {
                assertThat(f.getBytes("/api/alerts/" + id + "/snapshot.jpg").statusCode()).isEqualTo(200);
            }
            JsonNode cameras = f.getJson("/api/cameras");
            assertThat(cameras.toString()).contains(cam).contains("online");
            assertThat(f.getJson("/health").get("consumer").asText()).isEqualTo("RUNNING");
            double poison = f.get("/metrics").body().lines().filter(l -> l.startsWith("vigil_sink_records_poison_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            System.out.printf("sink fuzz (%s): %d hostile records (%d per topic), %d counted as poison, %d/%d good alerts stored%n",
                    db, hostile, PER_TOPIC, (long) poison, stored.size(), good.size());
            assertThat((long) poison).as("every hostile record is counted as poison").isEqualTo(hostile);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<Supplier<byte[]>> badAlerts(String cam, Random random) {
        String ok = "\"id\":\"x-" + cam + "\",\"camera\":\"" + cam + "\",\"label\":\"cat\",\"startTime\":\"" + base + "\"";
        byte[] invalidUtf8 = utf8("{\"type\":\"new\"," + ok.replace("cat", "c#t") + "}");
        invalidUtf8[invalidUtf8.length - 20] = (byte) 0xC3;
        invalidUtf8[invalidUtf8.length - 19] = (byte) 0x28;
        return List.of(
                () -> null,
                () -> new byte[0],
                () -> utf8("not JSON at all"),
                () -> utf8("[1,2,3]"),
                () -> utf8("null"),
                () -> utf8("42"),
                () -> utf8("{\"type\":1,\"id\":[],\"camera\":{},\"label\":true}"),
                () -> utf8("{\"type\":\"new\"," + ok + ",\"score\":\"high\"}"),
                () -> utf8("{\"type\":\"new\"," + ok + ",\"seq\":1e400}"),
                () -> utf8("{\"type\":\"new\"," + ok + ",\"box\":[1,2,3]}"),
                () -> utf8("{\"type\":\"new\"," + ok + ",\"zones\":[null]}"),
                () -> utf8("{\"type\":\"new\"," + ok.replace(base.toString(), "+999999999-12-31T23:59:59Z") + "}"),
                () -> utf8("{\"type\":\"new\"," + ok.replace(base.toString(), "-999999999-01-01T00:00:00Z") + "}"),
                () -> utf8("{\"type\":\"new\"," + ok.replace(base.toString(), "not a time") + "}"),
                () -> utf8("{\"type\":\"new\"," + ok + ",\"frameWidth\":-5}"),
                () -> utf8("{\"type\":\"new\"," + ok.replace("\"cat\"", "\"" + "x".repeat(600) + "\"") + "}"),
                () -> utf8("{\"type\":\"new\"," + ok.replace("\"cat\"", "\"" + "y".repeat(900_000) + "\"") + "}"),
                () -> invalidUtf8,
                () -> {
                    byte[] b = new byte[1 + random.nextInt(2000)];
                    random.nextBytes(b);
                    return b;
                },
                () -> utf8("{\"type\":\"new\"," + ok.substring(0, ok.length() / 2)));
    }

    private static List<Supplier<byte[][]>> badSnapshots(Random random) {
        return List.of(
                () -> new byte[][] {null, jpeg()},
                () -> new byte[][] {utf8("some-alert"), null},
                () -> new byte[][] {utf8("some-alert"), utf8("not a jpeg")},
                () -> new byte[][] {utf8("some-alert"), new byte[0]},
                () -> new byte[][] {utf8("x".repeat(1000)), jpeg()},
                () -> new byte[][] {new byte[0], jpeg()},
                () -> {
                    byte[] b = new byte[1 + random.nextInt(5000)];
                    random.nextBytes(b);
                    b[0] = 'R';
                    return new byte[][] {utf8("some-alert"), b};
                });
    }

    private static List<Supplier<byte[][]>> badStatuses(Random random) {
        byte[] cam = utf8("cam-poison");
        return List.of(
                // (a compacted topic refuses records without a key, so there is no such case here)
                () -> new byte[][] {cam, null},
                () -> new byte[][] {cam, utf8("not json")},
                () -> new byte[][] {cam, utf8("[\"state\"]")},
                () -> new byte[][] {cam, utf8("\"streaming\"")},
                () -> new byte[][] {cam, new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'}},
                () -> new byte[][] {cam, utf8("{\"state\":\"" + "z".repeat(200_000) + "\"}")},
                () -> new byte[][] {utf8("k".repeat(700)), utf8("{\"state\":\"streaming\"}")},
                () -> {
                    byte[] b = new byte[1 + random.nextInt(500)];
                    random.nextBytes(b);
                    b[0] = '{';
                    return new byte[][] {cam, b};
                });
    }

    private static byte[] jpeg() {
        byte[] b = Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 64);
        b[62] = (byte) 0xFF;
        b[63] = (byte) 0xD9;
        return b;
    }
}
