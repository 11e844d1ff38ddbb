package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.config.NotifyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notify against the real Mosquitto of this machine and a real embedded Kafka broker: the event stream, the
 * retained states read back with mosquitto_sub, the Home Assistant discovery payloads, and a broker outage
 * of about 10 s that loses no event. Each test uses its own topic prefixes, so nothing left on the broker
 * from an earlier run is mistaken for this run's output.
 */
class MqttNotifyIT {
    private static NotifyFixture fixture;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        Mosquitto.ensureRunning();
        fixture = new NotifyFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (fixture != null) fixture.close();
        } finally {
            Mosquitto.ensureRunning(); // whatever happened in the outage test
        }
    }

    private static NotifyConfig config(String prefix) {
        NotifyConfig c = new NotifyConfig();
        c.mqtt.url = Mosquitto.URL;
        c.mqtt.topicPrefix = prefix;
        c.mqtt.discoveryPrefix = prefix + "-ha";
        c.mqtt.clientId = prefix;
        c.httpPort = 0;
        c.groupId = "notify-" + prefix;
        return c;
    }

    /** A persistent-session subscriber (QoS 1), as Home Assistant's own MQTT client is. */
    private static final class Subscriber implements AutoCloseable {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final MqttAsyncClient client;

        Subscriber(String topic) throws Exception {
            client = new MqttAsyncClient(Mosquitto.URL, "sub-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(1000);
            client.setCallback(new MqttCallbackExtended() {
                @Override public void connectComplete(boolean reconnect, String uri) {}
                @Override public void connectionLost(Throwable cause) {}
                @Override public void messageArrived(String t, MqttMessage m) {
                    events.add(new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
                @Override public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(topic, 1).waitForCompletion(10_000);
        }

        List<String> keys() {
            synchronized (events) {
                return events.stream().map(e -> {
                    Map<String, Object> m = Json.read(e.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.class);
                    return m.get("id") + "/" + m.get("seq") + "/" + m.get("type");
                }).toList();
            }
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    private static String prefix() {
        return "vt" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String only(List<String> lines, String topic) {
        return lines.stream().filter(l -> l.startsWith(topic + " ")).map(l -> l.substring(topic.length() + 1))
                .findFirst().orElse(null);
    }

    @Test
    void eventsStatesSnapshotsAndDiscoveryReachTheBroker() throws Exception {
        String prefix = prefix();
        byte[] jpeg = Files.readAllBytes(Path.of("../samples/images/person.jpg"));
        try (Subscriber sub = new Subscriber(prefix + "/events");
             NotifyService notify = new NotifyService(fixture.kafkaProperties(), config(prefix), List.of("front_door"),
                     List.of("person", "car"), dir).start()) {
            Alert a = NotifyFixture.alert(Alert.NEW, "front_door", prefix + "-a", "person", 0, List.of("porch"));
            Alert b = NotifyFixture.alert(Alert.NEW, "front_door", prefix + "-b", "person", 0, List.of());
            fixture.send(a);
            fixture.snapshot(a.id(), jpeg);
            fixture.send(b);
            fixture.status("front_door", "online");
            fixture.raw(io.vigil.common.Topics.ALERTS, "front_door", "{not json");
            fixture.send(NotifyFixture.alert(Alert.UPDATE, "front_door", a.id(), "person", 1, List.of()));
            fixture.send(NotifyFixture.alert(Alert.END, "front_door", b.id(), "person", 2, List.of()));

            assertThat(notify.awaitDelivered(Duration.ofSeconds(30))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> sub.events.size() >= 4);
            assertThat(sub.keys()).containsExactly(a.id() + "/0/new", b.id() + "/0/new", a.id() + "/1/update", b.id() + "/2/end");
            // the same document as on vigil.alerts (docs/alert.schema.json)
            assertThat(Json.MAPPER.readTree(sub.events.get(0))).isEqualTo(Json.MAPPER.readTree(Json.bytes(a)));

            String metrics = new String(java.net.URI.create("http://127.0.0.1:" + notify.port() + "/metrics").toURL()
                    .openStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(metrics).contains("vigil_notify_delivered_total{target=\"mqtt\"} 4.0")
                    .contains("vigil_notify_mqtt_connected 1.0").contains("vigil_notify_records_poison_total 1.0");
            assertThat(notify.health()).containsEntry("status", "UP");
            assertThat(notify.health().get("mqtt").toString()).contains("state=connected").contains("tcp://127.0.0.1:1883");

            List<String> retained = Mosquitto.retained(prefix + "/#");
            assertThat(only(retained, prefix + "/available")).isEqualTo("online");
            assertThat(only(retained, prefix + "/front_door/person")).isEqualTo("1"); // a active, b ended
            assertThat(only(retained, prefix + "/front_door/car")).isEqualTo("0");
            assertThat(only(retained, prefix + "/front_door/status")).isEqualTo("online");
            assertThat(Mosquitto.retainedBytes(prefix + "/front_door/person/snapshot")).isEqualTo(jpeg);
            assertThat(retained).noneMatch(l -> l.startsWith(prefix + "/events"));

            List<String> configs = Mosquitto.retained(prefix + "-ha/#"); // JSON: one line each
            assertThat(configs).extracting(l -> l.substring(0, l.indexOf(' '))).containsExactlyInAnyOrder(
                    prefix + "-ha/binary_sensor/" + prefix + "_front_door/status/config",
                    prefix + "-ha/binary_sensor/" + prefix + "_front_door/person_occupancy/config",
                    prefix + "-ha/sensor/" + prefix + "_front_door/person_count/config",
                    prefix + "-ha/image/" + prefix + "_front_door/person_snapshot/config",
                    prefix + "-ha/binary_sensor/" + prefix + "_front_door/car_occupancy/config",
                    prefix + "-ha/sensor/" + prefix + "_front_door/car_count/config",
                    prefix + "-ha/image/" + prefix + "_front_door/car_snapshot/config");
            for (String line : configs) {
                String topic = line.substring(0, line.indexOf(' '));
                Map<String, Object> payload = Json.MAPPER.readValue(line.substring(topic.length() + 1), new TypeReference<>() {});
                HomeAssistantFields.check(topic.split("/")[1], payload);
                for (String key : List.of("state_topic", "image_topic", "availability_topic")) {
                    if (payload.containsKey(key)) assertThat((String) payload.get(key)).startsWith(prefix + "/");
                }
            }
        }
        assertThat(only(Mosquitto.retained(prefix + "/available"), prefix + "/available")).isEqualTo("offline");
        clearRetained(prefix);
    }

    @Test
    void aTenSecondBrokerOutageLosesNoEvent() throws Exception {
        String prefix = prefix();
        List<String> expected = new ArrayList<>();
        try (Subscriber sub = new Subscriber(prefix + "/events");
             NotifyService notify = new NotifyService(fixture.kafkaProperties(), config(prefix), List.of("yard"),
                     List.of("person"), dir).start()) {
            for (int i = 0; i < 5; i++) {
                Alert a = NotifyFixture.alert(Alert.NEW, "yard", prefix + "-" + i, "person", 0, List.of());
                fixture.send(a);
                expected.add(a.id() + "/0/new");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sub.events.size() >= 5);
            long stopped = System.nanoTime();
            try {
                Mosquitto.stop();
                for (int i = 0; i < 30; i++) {
                    Alert a = NotifyFixture.alert(Alert.END, "yard", prefix + "-" + (i % 5), "person", 1 + i, List.of());
                    fixture.send(i < 5 ? a : NotifyFixture.alert(Alert.NEW, "yard", prefix + "-x" + i, "person", 0, List.of()));
                    expected.add(i < 5 ? a.id() + "/" + (1 + i) + "/end" : prefix + "-x" + i + "/0/new");
                    Thread.sleep(250);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> notify.health().toString().contains("reconnecting"));
                Thread.sleep(Math.max(0, 10_000 - (System.nanoTime() - stopped) / 1_000_000));
            } finally {
                Mosquitto.ensureRunning();
            }
            assertThat(notify.awaitDelivered(Duration.ofSeconds(60))).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> sub.events.size() >= expected.size());
            assertThat(sub.keys()).containsAll(expected);
            System.out.printf("outage: %d events expected, %d received (QoS 1: duplicates allowed)%n", expected.size(), sub.keys().size());
            assertThat(only(Mosquitto.retained(prefix + "/yard/person"), prefix + "/yard/person")).isEqualTo("25");
        }
        clearRetained(prefix);
    }

    /** Leaves the shared broker as it was: empty retained payloads delete retained messages. */
    private static void clearRetained(String prefix) throws Exception {
        for (String filter : List.of(prefix + "/#", prefix + "-ha/#")) {
            for (String topic : Mosquitto.retainedTopics(filter)) {
                new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-t", topic, "-r", "-n").start().waitFor();
            }
        }
    }
}
