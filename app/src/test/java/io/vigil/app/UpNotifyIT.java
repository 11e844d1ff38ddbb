package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.vigil.common.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil up --once} with a notify: section, on 10 s of the sample footage: when the command returns,
 * every alert is already at the webhook receiver (a real HTTP server on 127.0.0.1) and every event on the
 * real Mosquitto of this machine (127.0.0.1:1883), with the snapshot retained.
 */
class UpNotifyIT {
    static final Path CLIP = Path.of("src/test/resources/deploy/vtest-10s.mp4");

    @TempDir Path data;

    @Test
    void upOnceReturnsOnlyWhenEveryEventIsDelivered() throws Exception {
        String prefix = "vu" + UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> posted = Collections.synchronizedList(new ArrayList<>());
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", ex -> {
            posted.add(Json.MAPPER.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
        MqttClient sub = new MqttClient("tcp://127.0.0.1:1883", prefix + "-sub", new MemoryPersistence());
        sub.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) {}
            @Override public void messageArrived(String topic, MqttMessage m) throws Exception {
                events.add(Json.MAPPER.readTree(m.getPayload()));
            }
            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        sub.connect(o);
        sub.subscribe(prefix + "/events", 1);
        Path config = data.resolve("vigil.yml");
        Files.writeString(config, """
                notify:
                  http_port: 0
                  mqtt:
                    url: tcp://127.0.0.1:1883
                    topic_prefix: %s
                    discovery_prefix: %s-ha
                    client_id: %s
                  webhooks:
                    - url: http://127.0.0.1:%d/hook
                      name: chat
                """.formatted(prefix, prefix, prefix, hook.getAddress().getPort()));
        try {
            Cli up = Cli.run("up", "--once", "-c", config, "--file", CLIP, "--start", Instant.parse("2026-11-20T22:00:00Z"),
                    "--data-dir", data.resolve("d"), "--http-port", 0, "--kafka-port", 0);
            // read at once: nothing may arrive after the command returned
            List<JsonNode> postedAtExit = List.copyOf(posted);
            Thread.sleep(300); // an MQTT message already acknowledged by the broker is on its way to us
            List<JsonNode> eventsAtExit = List.copyOf(events);
            assertThat(up.exitCode()).as(up.err()).isZero();
            long alerts = Json.MAPPER.readTree(up.lastLine()).get("alerts").asLong();
            assertThat(alerts).isPositive();
            assertThat(postedAtExit).hasSize((int) alerts).allMatch(e -> e.get("type").asText().equals("new"));
            assertThat(eventsAtExit.stream().filter(e -> e.get("type").asText().equals("new")).count()).isEqualTo(alerts);
            assertThat(eventsAtExit).allMatch(e -> e.get("camera").asText().equals("sample"));
            assertThat(retainedBytes(prefix + "/sample/person/snapshot")).startsWith((byte) 0xFF, (byte) 0xD8);
        } finally {
            sub.disconnect();
            hook.stop(0);
            for (String filter : List.of(prefix + "/#", prefix + "-ha/#")) clearRetained(filter);
        }
    }

    private static byte[] retainedBytes(String topic) throws Exception {
        Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-t", topic, "-C", "1", "--retained-only", "-W", "2", "-N").start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static void clearRetained(String filter) throws Exception {
        Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-t", filter, "-F", "%t", "--retained-only", "-W", "2").start();
        String topics = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        for (String t : topics.split("\n")) {
            if (!t.isBlank() && !t.startsWith("Timed out")) new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-t", t, "-r", "-n").start().waitFor();
        }
    }
}
