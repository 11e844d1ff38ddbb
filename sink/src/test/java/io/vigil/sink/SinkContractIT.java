package io.vigil.sink;

import static io.vigil.sink.SinkFixture.alert;
import static io.vigil.sink.SinkFixture.enc;
import static io.vigil.sink.SinkFixture.newAlert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the sink promises, run against each real database (see the subclasses): alerts from Kafka stored
 * exactly once, lifecycles merged, and the HTTP API with filters, paging, snapshots and live events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SinkContractIT {
    /** Recent, so the retention test (30 days) leaves the other tests' alerts alone. */
    private final Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private TestDatabase database;
    private SinkFixture f;

    abstract TestDatabase openDatabase() throws Exception;

    @BeforeAll
    void start() throws Exception {
        database = openDatabase();
        f = new SinkFixture(database.jdbcUrl(), null);
    }

    @AfterAll
    void stop() {
        if (f != null) f.close();
        if (database != null) database.close();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("alerts").forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    @Test
    void eachAlertIsStoredOnceThoughDeliveredSeveralTimes() throws Exception {
        String cam = unique("door");
        Alert person = newAlert(unique("a"), cam, "person", base);
        Alert car = newAlert(unique("a"), cam, "car", base.plusSeconds(5));
        f.send(person, person, car, person);
        f.awaitStored();

        JsonNode page = f.getJson("/api/alerts?camera=" + cam);
        assertThat(ids(page)).containsExactly(car.id(), person.id()); // newest first
        JsonNode stored = page.get("alerts").get(1);
        assertThat(stored.get("label").asText()).isEqualTo("person");
        assertThat(stored.get("camera").asText()).isEqualTo(cam);
        assertThat(Instant.parse(stored.get("startTime").asText())).isEqualTo(base);
        assertThat(stored.get("box")).hasSize(4);
        assertThat(stored.get("frameWidth").asInt()).isEqualTo(768);
        assertThat(f.getJson("/api/alerts/" + person.id()).get("events")).hasSize(1);
    }

    @Test
    void newUpdateAndEndMergeIntoOneAlertAndARedeliveryChangesNothing() throws Exception {
        String cam = unique("yard");
        String id = unique("walker");
        Alert created = alert(Alert.NEW, id, cam, "person", 0.6, base, 0, List.of());
        Alert intoPorch = alert(Alert.UPDATE, id, cam, "person", 0.9, base, 1, List.of("porch"));
        Alert intoYard = alert(Alert.UPDATE, id, cam, "person", 0.7, base, 2, List.of("yard"));
        Alert ended = alert(Alert.END, id, cam, "person", 0.7, base, 3, List.of("yard"));
        f.send(created, intoPorch, intoPorch, intoYard, ended);
        f.awaitStored();

        JsonNode details = f.getJson("/api/alerts/" + id);
        JsonNode a = details.get("alert");
        assertThat(a.get("score").asDouble()).isEqualTo(0.7);
        assertThat(a.get("topScore").asDouble()).isEqualTo(0.9);
        assertThat(a.get("zones")).extracting(JsonNode::asText).containsExactly("porch", "yard");
        assertThat(Instant.parse(a.get("startTime").asText())).isEqualTo(base);
        assertThat(Instant.parse(a.get("endTime").asText())).isEqualTo(base.plusSeconds(3));
        assertThat(a.get("active").asBoolean()).isFalse();
        assertThat(a.get("durationSeconds").asDouble()).isEqualTo(3.0);
        assertThat(details.get("events")).extracting(e -> e.get("type").asText())
                .containsExactly("new", "update", "update", "end");
        assertThat(f.getJson("/api/alerts?camera=" + cam).get("alerts")).hasSize(1);

        // a second sink (another consumer group) on the same database re-reads every record from the start
        JsonNode listing = f.getJson("/api/alerts?camera=" + cam);
        SinkSettings again = f.config.withGroupId(f.config.groupId() + "-again");
        try (SinkService replay = new SinkService(again).start()) {
            assertThat(replay.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(replay.repository().findWithHistory(id).orElseThrow().events()).hasSize(4);
        }
        assertThat(f.getJson("/api/alerts/" + id)).isEqualTo(details);
        assertThat(f.getJson("/api/alerts?camera=" + cam)).isEqualTo(listing);
    }

    @Test
    void poisonRecordsAreSkippedAndTheAlertsAfterThemStored() throws Exception {
        String cam = unique("gate");
        f.sendRaw(f.config.alertsTopic(), cam, "this is not JSON".getBytes(StandardCharsets.UTF_8));
        f.sendRaw(f.config.alertsTopic(), cam, "{\"type\":\"new\",\"camera\":\"gate\"}".getBytes(StandardCharsets.UTF_8));
        String unknownType = "{\"type\":\"gone\",\"id\":\"x\",\"camera\":\"gate\",\"label\":\"cat\","
                + "\"startTime\":\"2024-01-01T00:00:00Z\"}";
        f.sendRaw(f.config.alertsTopic(), cam, unknownType.getBytes(StandardCharsets.UTF_8));
        f.sendRaw(f.config.snapshotsTopic(), "some-alert", "not a jpeg".getBytes(StandardCharsets.UTF_8));
        Alert good = newAlert(unique("a"), cam, "cat", base);
        f.send(good);
        f.awaitStored();

        assertThat(ids(f.getJson("/api/alerts?camera=" + cam))).containsExactly(good.id());
        assertThat(f.getJson("/health").get("consumer").asText()).isEqualTo("RUNNING");
        String metrics = f.get("/metrics").body();
        double poison = metrics.lines().filter(l -> l.startsWith("vigil_sink_records_poison_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(poison).isGreaterThanOrEqualTo(4);
        assertThat(metrics).as("the sink's consumer lag, from Kafka's own client metrics")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void filtersAndKeysetPagingReturnEveryAlertOnceNewestFirst() throws Exception {
        String cam = unique("street");
        String other = unique("alley");
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String label = i % 2 == 0 ? "person" : "car";
            List<String> zones = i % 3 == 0 ? List.of("driveway") : List.of();
            // alerts 5 and 6 start at the same moment: paging must not lose either
            Instant start = base.plusSeconds(60L * Math.min(i, 5));
            alerts.add(alert(Alert.NEW, "s" + i + "-" + cam, cam, label, 0.8, start, 0, zones));
        }
        alerts.add(newAlert(unique("o"), other, "person", base.plusSeconds(30)));
        f.send(alerts.toArray(Alert[]::new));
        f.awaitStored();

        List<String> all = ids(f.getJson("/api/alerts?camera=" + cam + "&limit=500"));
        assertThat(all).hasSize(7).startsWith("s6-" + cam, "s5-" + cam).endsWith("s0-" + cam);
        assertThat(ids(f.getJson("/api/alerts?camera=" + cam + "&label=car")))
                .containsExactly("s5-" + cam, "s3-" + cam, "s1-" + cam);
        assertThat(ids(f.getJson("/api/alerts?camera=" + cam + "&zone=driveway")))
                .containsExactly("s6-" + cam, "s3-" + cam, "s0-" + cam);
        String from = enc(base.plusSeconds(60).toString());
        String to = enc(base.plusSeconds(180).toString());
        assertThat(ids(f.getJson("/api/alerts?camera=" + cam + "&from=" + from + "&to=" + to)))
                .containsExactly("s2-" + cam, "s1-" + cam);
        assertThat(ids(f.getJson("/api/alerts?label=person&from=" + enc(base.plusSeconds(30).toString())
                + "&to=" + enc(base.plusSeconds(31).toString())))).containsExactly(alerts.get(7).id());

        List<String> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = f.getJson("/api/alerts?camera=" + cam + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            paged.addAll(ids(page));
            sizes.add(page.get("alerts").size());
            cursor = page.get("nextCursor") == null || page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void badParametersGet400NamingTheParameter() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("limit=0", "limit"),
                Map.entry("limit=501", "limit"),
                Map.entry("limit=ten", "limit"),
                Map.entry("from=yesterday", "from"),
                Map.entry("to=2024-13-01T00:00:00Z", "to"),
                Map.entry("from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z", "to"),
                Map.entry("cursor=" + enc("%%%"), "cursor"),
                Map.entry("cursor=" + enc("bm90IGEgY3Vyc29y"), "cursor"),
                Map.entry("camera=a&camera=b", "camera"),
                Map.entry("camra=front", "camra"),
                Map.entry("label=" + "x".repeat(201), "label"));
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = f.get("/api/alerts?" + c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertThat(body.get("parameter").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(body.get("error").asText()).as(c.getKey()).contains(c.getValue());
        }
    }

    @Test
    void injectionAttemptsInEveryParameterFindNothingAndChangeNothing() throws Exception {
        String cam = unique("lobby");
        Alert a = newAlert(unique("a"), cam, "person", base);
        f.send(a);
        f.awaitStored();
        long before = f.sink.storedAlertCount();
        List<String> attacks = List.of("' OR '1'='1", "x'; DROP TABLE alerts; --", "\" OR 1=1 --",
                "%' OR 1=1 --", "1) OR (1=1", cam + "' --");
        for (String attack : attacks) {
            for (String text : List.of("camera", "label", "zone")) {
                assertThat(f.getJson("/api/alerts?" + text + "=" + enc(attack)).get("alerts")).as(text).isEmpty();
            }
            for (String strict : List.of("from", "to", "limit", "cursor")) {
                assertThat(f.get("/api/alerts?" + strict + "=" + enc(attack)).statusCode()).as(strict).isEqualTo(400);
            }
            assertThat(f.get("/api/alerts/" + enc(attack)).statusCode()).isEqualTo(404);
            assertThat(f.get("/api/alerts/" + enc(attack) + "/snapshot.jpg").statusCode()).isEqualTo(404);
        }
        assertThat(f.sink.storedAlertCount()).isEqualTo(before);
        assertThat(ids(f.getJson("/api/alerts?camera=" + cam))).containsExactly(a.id());
    }

    @Test
    void pathTraversalIdsAreNotFound() throws Exception {
        for (String id : List.of("../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows%5Cwin.ini")) {
            for (String path : List.of("/api/alerts/" + id, "/api/alerts/" + id + "/snapshot.jpg")) {
                HttpResponse<String> r = f.get(path);
                assertThat(r.statusCode()).as(path).isIn(400, 404);
                assertThat(r.body()).as(path).doesNotContain("root:");
            }
        }
        HttpResponse<String> unknown = f.get("/api/alerts/" + unique("nobody"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.body()).get("error").asText()).contains("no alert");
    }

    @Test
    void snapshotIsStoredAndServedAsJpeg() throws Exception {
        byte[] jpeg;
        try (InputStream in = getClass().getResourceAsStream("/images/person.jpg")) {
            jpeg = in.readAllBytes();
        }
        String cam = unique("porch");
        Alert a = newAlert(unique("a"), cam, "person", base);
        f.send(a);
        f.sendRaw(f.config.snapshotsTopic(), a.id(), jpeg);
        f.sendRaw(f.config.snapshotsTopic(), a.id(), jpeg);
        f.awaitStored();

        HttpResponse<byte[]> r = f.getBytes("/api/alerts/" + a.id() + "/snapshot.jpg");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/jpeg"));
        assertThat(r.body()).isEqualTo(jpeg);
        assertThat(f.getJson("/api/alerts/" + a.id()).get("alert").get("hasSnapshot").asBoolean()).isTrue();

        Alert without = newAlert(unique("a"), cam, "dog", base.plusSeconds(1));
        f.send(without);
        f.awaitStored();
        assertThat(f.getJson("/api/alerts/" + without.id()).get("alert").get("hasSnapshot").asBoolean()).isFalse();
        assertThat(f.get("/api/alerts/" + without.id() + "/snapshot.jpg").statusCode()).isEqualTo(404);
    }

    @Test
    void liveEventsDeliverANewAlertAsItIsStored() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = f.http.send(HttpRequest.newBuilder(f.uri("/api/events"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (Exception e) {
                // stream closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(lines.poll(10, TimeUnit.SECONDS)).as("SSE stream opened").isNotNull();
            Alert a = newAlert(unique("live"), unique("garage"), "bicycle", base);
            f.send(a);
            String event = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith("data:") && line.contains(a.id())) {
                    event = line.substring("data:".length()).trim();
                    break;
                }
            }
            assertThat(event).as("alert %s arrived on /api/events", a.id()).isNotNull();
            JsonNode json = Json.MAPPER.readTree(event);
            assertThat(json.get("label").asText()).isEqualTo("bicycle");
            assertThat(json.get("camera").asText()).isEqualTo(a.camera());
        } finally {
            stream.body().close();
        }
    }

    @Test
    void camerasShowTheirLatestStatus() throws Exception {
        String cam = unique("roof");
        f.sendRaw(f.config.cameraStatusTopic(), cam, "{\"state\":\"reconnecting\",\"error\":\"timeout\"}".getBytes());
        f.sendRaw(f.config.cameraStatusTopic(), cam, "{\"state\":\"online\",\"fps\":5.0,\"lastFrameAt\":\"2024-05-01T10:00:00Z\"}".getBytes());
        f.awaitStored();
        JsonNode camera = null;
        for (JsonNode c : f.getJson("/api/cameras").get("cameras")) {
            if (c.get("id").asText().equals(cam)) camera = c;
        }
        assertThat(camera).isNotNull();
        assertThat(camera.get("state").asText()).isEqualTo("online");
        assertThat(camera.get("fps").asDouble()).isEqualTo(5.0);
        assertThat(camera.get("error")).isNull();
    }

    @Test
    void openApiDescribesEveryRouteAndEachAnswers() throws Exception {
        Alert a = newAlert(unique("doc"), unique("hall"), "person", base);
        f.send(a);
        f.sendRaw(f.config.snapshotsTopic(), a.id(), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        f.awaitStored();
        JsonNode doc = f.getJson("/api/openapi.json");
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/api/alerts", "/api/alerts/{id}", "/api/alerts/{id}/snapshot.jpg",
                "/api/events", "/api/cameras", "/api/openapi.json", "/health", "/metrics",
                "/api/alerts/{id}/clip.mp4", "/api/recordings", "/api/cameras/{id}/clip.mp4", "/api/cameras/{id}/live.mjpeg");
        for (String path : paths) {
            if (path.equals("/api/events")) continue; // a stream: see liveEventsDeliverANewAlertAsItIsStored
            if (path.endsWith(".mp4") || path.endsWith(".mjpeg")) continue; // video: see ClipIT, LiveViewIT
            assertThat(f.get(path.replace("{id}", a.id())).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> unknown = f.get("/api/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.body()).has("error")).isTrue();
    }

    @Test
    void healthIsUpWithDatabaseAndConsumerRunning() throws Exception {
        JsonNode health = f.getJson("/health");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("database").asText()).isEqualTo("UP");
        assertThat(health.get("consumer").asText()).isEqualTo("RUNNING");
    }

    @Test
    void replayedOldFootageIsStoredAndRetentionCountsFromStorage() throws Exception {
        // its own database: retention deletes everything stored before the cutoff
        try (TestDatabase own = openDatabase(); SinkFixture f = new SinkFixture(own.jdbcUrl(), null)) {
            retention(f);
        }
    }

    private void retention(SinkFixture f) throws Exception {
        String cam = unique("shed");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // an investigator replays footage from 40 days ago: its alerts are stored like any other
        Alert fromOldFootage = alert(Alert.NEW, unique("old"), cam, "person", 0.7, now.minus(40, ChronoUnit.DAYS), 0, List.of());
        Alert itsEnd = alert(Alert.END, fromOldFootage.id(), cam, "person", 0.7, fromOldFootage.startTime(), 1, List.of());
        f.send(fromOldFootage, itsEnd);
        f.sendRaw(f.config.snapshotsTopic(), fromOldFootage.id(), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        f.awaitStored();
        assertThat(ids(f.getJson("/api/alerts?camera=" + cam))).containsExactly(fromOldFootage.id());
        assertThat(f.sink.deleteExpired()).as("stored just now: within 30 days").isZero();

        Thread.sleep(20);
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        Alert recent = newAlert(unique("recent"), cam, "person", base);
        f.send(recent);
        f.awaitStored();

        assertThat(f.sink.retention().deleteOlderThan(cutoff)).isEqualTo(1);
        assertThat(ids(f.getJson("/api/alerts?camera=" + cam))).containsExactly(recent.id());
        assertThat(f.get("/api/alerts/" + fromOldFootage.id()).statusCode()).isEqualTo(404);
        assertThat(f.sink.repository().snapshot(fromOldFootage.id())).isEmpty();
    }
}
