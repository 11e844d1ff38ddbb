package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import io.vigil.common.config.NotifyConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks against real HTTP receivers on 127.0.0.1 (the JDK's HttpServer) and a real embedded Kafka broker:
 * a receiver that fails its first requests then accepts gets every matching event, in order, signed (checked
 * with openssl, not our own code); a receiver that always fails gets nothing and its events land on the
 * dead-letter topic with the reason, without delaying the other receiver. Only "new" events are sent by
 * default, filters apply, and updates of an object within its cooldown are not sent.
 */
class WebhookIT {
    private static final String SECRET = "It's a Secret to Everybody";
    private static NotifyFixture fixture;
    @TempDir Path dir;

    @BeforeAll
    static void start() {
        fixture = new NotifyFixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    record Received(String body, String signature, String event, long atNanos) {}

    /** An HTTP receiver answering 503 to its first {@code failures} requests, then {@code okStatus}. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger requests = new AtomicInteger();
        volatile long lastRequestNanos;

        Receiver(int failures, int okStatus, long delayMs) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook/secret-token", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                int n = requests.incrementAndGet();
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lastRequestNanos = System.nanoTime();
                int status = n <= failures ? 503 : okStatus;
                if (status == 200) {
                    accepted.add(new Received(new String(body, StandardCharsets.UTF_8),
                            ex.getRequestHeaders().getFirst("X-Vigil-Signature"), ex.getRequestHeaders().getFirst("X-Vigil-Event"),
                            System.nanoTime()));
                }
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/secret-token";
        }

        List<String> keys() {
            synchronized (accepted) {
                return accepted.stream().map(r -> {
                    Map<?, ?> m = Json.read(r.body().getBytes(StandardCharsets.UTF_8), Map.class);
                    return m.get("camera") + "/" + m.get("id") + "/" + m.get("type");
                }).toList();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static NotifyConfig.Webhook hook(String name, String url) {
        NotifyConfig.Webhook w = new NotifyConfig.Webhook();
        w.name = name;
        w.url = url;
        w.retryBackoffMs = 100;
        return w;
    }

    /** HMAC-SHA256 of the body as openssl computes it. */
    private static String openssl(String body) throws Exception {
        Path f = Files.createTempFile("body", ".json");
        Files.writeString(f, body);
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", SECRET, "-r", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor(10, TimeUnit.SECONDS);
        Files.delete(f);
        return "sha256=" + out.split(" ")[0].trim();
    }

    @Test
    void signedInOrderWithRetriesAndDeadLettersForTheFailingUrl() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (Receiver flaky = new Receiver(3, 200, 0); Receiver broken = new Receiver(Integer.MAX_VALUE, 200, 400)) {
            NotifyConfig c = new NotifyConfig();
            c.httpPort = 0;
            c.groupId = "notify-webhooks-" + run;
            NotifyConfig.Webhook chat = hook("chat", flaky.url());
            chat.secret = SECRET;
            chat.labels = List.of("person");
            chat.types = List.of("new", "update", "end");
            chat.cooldownSeconds = 30;
            NotifyConfig.Webhook down = hook("down", broken.url());
            down.maxAttempts = 2;
            down.zones = List.of("porch");
            c.webhooks = List.of(chat, down);

            List<String> expected = new ArrayList<>();
            try (NotifyService notify = new NotifyService(fixture.kafkaProperties(), c, List.of(), List.of("person"), dir).start()) {
                for (int i = 0; i < 4; i++) {
                    String cam = "cam" + (i % 2) + "-" + run;
                    String id = cam + "-" + i;
                    fixture.send(NotifyFixture.alert(Alert.NEW, cam, id, "person", 0, List.of("porch")));
                    // updates 1 s and 2 s after "new" are within the 30 s cooldown and not sent; the one 35 s after is
                    fixture.send(NotifyFixture.alert(Alert.UPDATE, cam, id, "person", 1, List.of("porch")));
                    fixture.send(NotifyFixture.alert(Alert.UPDATE, cam, id, "person", 2, List.of()));
                    fixture.send(NotifyFixture.alert(Alert.UPDATE, cam, id, "person", 35, List.of()));
                    fixture.send(NotifyFixture.alert(Alert.NEW, cam, cam + "-car" + i, "car", 0, List.of()));
                    fixture.send(NotifyFixture.alert(Alert.END, cam, id, "person", 40, List.of()));
                    expected.addAll(List.of(cam + "/" + id + "/new", cam + "/" + id + "/update", cam + "/" + id + "/end"));
                }
                assertThat(notify.awaitDelivered(Duration.ofSeconds(60))).isTrue();

                assertThat(flaky.keys()).containsExactlyInAnyOrderElementsOf(expected);
                for (String cam : List.of("cam0-" + run, "cam1-" + run)) {
                    assertThat(flaky.keys().stream().filter(k -> k.startsWith(cam + "/")).toList())
                            .containsExactlyElementsOf(expected.stream().filter(k -> k.startsWith(cam + "/")).toList());
                }
                for (Received r : flaky.accepted) {
                    assertThat(r.signature()).isEqualTo(openssl(r.body()));
                    assertThat(Json.read(r.body().getBytes(StandardCharsets.UTF_8), Map.class).get("type")).isEqualTo(r.event());
                }
                assertThat(broken.accepted).isEmpty();
                // 4 "new" events in the porch, 2 attempts each
                assertThat(broken.requests.get()).isEqualTo(8);

                String metrics = new String(java.net.URI.create("http://127.0.0.1:" + notify.port() + "/metrics").toURL()
                        .openStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(metrics).contains("vigil_notify_delivered_total{target=\"chat\"} 12.0")
                        .contains("vigil_notify_retried_total{target=\"chat\"} 3.0")
                        .contains("vigil_notify_dead_lettered_total{target=\"down\"} 4.0")
                        .doesNotContain("secret-token");
                String health = new String(java.net.URI.create("http://127.0.0.1:" + notify.port() + "/health").toURL()
                        .openStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(health).contains("\"name\":\"down\"").contains("HTTP 503").doesNotContain("secret-token");
            }

            List<ConsumerRecord<String, byte[]>> dead = deadLetters(run, 4);
            assertThat(dead).hasSize(4).allSatisfy(r -> {
                assertThat(new String(r.headers().lastHeader("target").value(), StandardCharsets.UTF_8)).isEqualTo("down");
                assertThat(new String(r.headers().lastHeader("reason").value(), StandardCharsets.UTF_8)).isEqualTo("HTTP 503 after 2 attempt(s)");
                Alert a = Json.read(r.value(), Alert.class);
                assertThat(a.type()).isEqualTo("new");
                assertThat(new String(r.headers().lastHeader("alert-id").value(), StandardCharsets.UTF_8)).isEqualTo(a.id());
                assertThat(r.key()).isEqualTo(a.camera());
            });
            // the slow failing URL was retried in parallel: the other receiver had everything long before
            assertThat(flaky.lastRequestNanos).isLessThan(broken.lastRequestNanos - 1_000_000_000L);
        }
    }

    /** The dead letters of this run, read with Kafka's own consumer. */
    private static List<ConsumerRecord<String, byte[]>> deadLetters(String run, int expected) {
        Map<String, Object> p = fixture.kafkaProperties();
        p.put("group.id", "dead-letter-reader-" + run);
        p.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.NOTIFY_DEAD_LETTER));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().endsWith(run)) out.add(r);
                }
            }
        }
        return out;
    }
}
