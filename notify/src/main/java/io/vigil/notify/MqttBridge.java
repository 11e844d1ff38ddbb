package io.vigil.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.config.NotifyConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to an MQTT broker: every alert event to {@code <prefix>/events} (QoS 1), and retained per-camera
 * state: active object count per label, camera status and the latest snapshot per label; {@code
 * <prefix>/available} is online while connected and offline as the last will. Home Assistant discovery
 * configs are published for every camera and label known.
 *
 * <p>While the broker is away, paho keeps up to {@code buffer_size} messages in its offline buffer, on disk
 * (file persistence, clean session off), and reconnects with backoff; the Kafka consumer stops reading while
 * that many messages are outstanding, so nothing is dropped. A record's delivery finishes when the broker
 * has acknowledged all its messages.
 */
final class MqttBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";
    static final String TARGET = "mqtt";
    private static final int MAX_RECONNECT_DELAY_MS = 8_000;
    private static final int PENDING_SNAPSHOTS = 50;
    private static final int KNOWN_ALERTS = 10_000;

    enum State { CONNECTING, CONNECTED, RECONNECTING, CLOSED }

    private record AlertOf(String camera, String label) {}

    private record PendingSnapshot(byte[] jpeg, long timestamp) {}

    private final NotifyConfig.Mqtt config;
    private final TopicNames topics;
    private final HomeAssistantDiscovery discovery;
    private final Path persistenceDir;
    private final Counter delivered;
    private final Counter retried;
    private final Counter messages;
    private final Set<String> labels = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> cameras = new ConcurrentHashMap<>();
    private final ActiveObjects active = new ActiveObjects();
    private final Map<String, String> publishedStatus = new ConcurrentHashMap<>();
    private final Map<String, Long> snapshotTime = new ConcurrentHashMap<>();
    private final Map<String, AlertOf> alerts = lru(KNOWN_ALERTS);
    private final Map<String, PendingSnapshot> pendingSnapshots = lru(PENDING_SNAPSHOTS);
    private final Set<String> countsPublished = ConcurrentHashMap.newKeySet();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-notify-mqtt-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile State state = State.CONNECTING;
    private volatile String lastError;
    private MqttAsyncClient client;
    private Thread connector;

    MqttBridge(NotifyConfig.Mqtt config, Collection<String> cameras, Collection<String> labels, Path dataDir,
               NotifyMetrics metrics) {
        this.config = config;
        this.topics = new TopicNames(config.topicPrefix);
        this.discovery = new HomeAssistantDiscovery(config.discoveryPrefix, topics);
        this.persistenceDir = dataDir.resolve("notify-mqtt");
        this.delivered = metrics.delivered(TARGET);
        this.retried = metrics.retried(TARGET);
        this.messages = Counter.builder("vigil.notify.mqtt.messages")
                .description("MQTT messages acknowledged by the broker: events, states, snapshots, discovery").register(metrics.registry);
        this.labels.addAll(labels);
        cameras.forEach(c -> this.cameras.put(c, true));
        Gauge.builder("vigil.notify.mqtt.connected", this, b -> b.state == State.CONNECTED ? 1 : 0)
                .description("1 while connected to the MQTT broker").register(metrics.registry);
        Gauge.builder("vigil.notify.mqtt.outstanding", outstanding, AtomicInteger::get)
                .description("MQTT messages sent or buffered, not yet acknowledged").register(metrics.registry);
    }

    /** Creates the client and connects in the background; publishing works (buffered) from now on. */
    MqttBridge start() {
        try {
            Files.createDirectories(persistenceDir);
            client = new MqttAsyncClient(config.url, config.clientId, new MqttDefaultFilePersistence(persistenceDir.toString()));
            DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(config.bufferSize);
            buffer.setPersistBuffer(true);
            buffer.setDeleteOldestMessages(false);
            client.setBufferOpts(buffer);
            client.setCallback(new Callback());
        } catch (MqttException | java.io.IOException e) {
            throw new IllegalStateException("notify.mqtt: cannot create the MQTT client for " + safeUrl() + ": " + e.getMessage(), e);
        }
        connector = new Thread(this::connectUntilConnected, "vigil-notify-mqtt-connect");
        connector.setDaemon(true);
        connector.start();
        return this;
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false); // in-flight QoS 1 messages survive a reconnect
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MS);
        o.setMaxInflight(config.bufferSize);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setWill(topics.available(), OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
        if (config.caFile != null) o.setSocketFactory(TrustedCa.socketFactory(Path.of(config.caFile)));
        if (config.username != null) o.setUserName(config.username);
        if (config.password != null) o.setPassword(config.password.toCharArray());
        return o;
    }

    /** Paho reconnects by itself only after a first successful connect: until then, retry here with backoff. */
    private void connectUntilConnected() {
        long backoff = 500;
        while (state == State.CONNECTING) {
            try {
                client.connect(options()).waitForCompletion(15_000);
                return;
            } catch (MqttException e) {
                if (state != State.CONNECTING) return;
                String why = describe(e);
                if (!why.equals(lastError)) log.warn("MQTT broker {} not reachable ({}); buffering and retrying", safeUrl(), why);
                lastError = why;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_RECONNECT_DELAY_MS);
        }
    }

    /** Publishes an alert event and the count of its label; the delivery finishes when both are acknowledged. */
    void event(Alert a, byte[] json, Delivery delivery) {
        announce(a.camera(), a.label());
        publish(topics.events(), json, false, delivery);
        int count = active.apply(a);
        String countTopic = topics.count(a.camera(), a.label());
        if (count >= 0 || countsPublished.add(countTopic)) {
            countsPublished.add(countTopic);
            publish(countTopic, text(active.count(a.camera(), a.label())), true, delivery);
        }
        if (!Alert.END.equals(a.type())) {
            alerts.put(a.id(), new AlertOf(a.camera(), a.label()));
            PendingSnapshot early = pendingSnapshots.remove(a.id());
            if (early != null) snapshot(a.id(), early.jpeg(), early.timestamp(), delivery);
        }
    }

    /** Publishes the snapshot of an alert as the latest of its camera and label (unless a newer one was). */
    void snapshot(String alertId, byte[] jpeg, long timestamp, Delivery delivery) {
        AlertOf of = alerts.get(alertId);
        if (of == null) { // its alert is on another partition and not read yet
            pendingSnapshots.put(alertId, new PendingSnapshot(jpeg, timestamp));
            return;
        }
        String topic = topics.snapshot(of.camera(), of.label());
        Long last = snapshotTime.get(topic);
        if (last != null && last > timestamp) return;
        snapshotTime.put(topic, timestamp);
        publish(topic, jpeg, true, delivery);
    }

    /** Publishes the camera's status when it changed. */
    void cameraStatus(String camera, String status, Delivery delivery) {
        announce(camera, null);
        if (status.equals(publishedStatus.put(camera, status))) return;
        publish(topics.status(camera), status.getBytes(StandardCharsets.UTF_8), true, delivery);
    }

    /** Messages sent or buffered but not acknowledged yet. */
    int outstanding() {
        return outstanding.get();
    }

    /** Outstanding messages above which the consumer stops reading (the offline buffer must never overflow). */
    int highWater() {
        return config.bufferSize / 2;
    }

    State state() {
        return state;
    }

    String lastError() {
        return lastError;
    }

    /** The broker URL without any user info. */
    String safeUrl() {
        try {
            URI u = new URI(config.url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (Exception e) {
            return "(invalid URL)";
        }
    }

    /** Discovery and initial state for a camera (and label) seen for the first time. */
    private void announce(String camera, String label) {
        boolean newCamera = cameras.putIfAbsent(camera, true) == null;
        boolean newLabel = label != null && labels.add(label);
        if (!config.discovery) return;
        if (newCamera) publishDiscovery(camera, labels);
        else if (newLabel) cameras.keySet().forEach(c -> publishDiscovery(c, Set.of(label)));
    }

    private void publishAllDiscovery() {
        publish(topics.available(), ONLINE.getBytes(StandardCharsets.UTF_8), true, Delivery.none());
        if (!config.discovery) return;
        cameras.keySet().forEach(c -> publishDiscovery(c, labels));
    }

    private void publishDiscovery(String camera, Collection<String> cameraLabels) {
        send(discovery.cameraStatus(camera));
        for (String label : cameraLabels) {
            discovery.label(camera, label).forEach(this::send);
            publishInitialCount(camera, label);
        }
    }

    /** Zero for a label nobody has counted yet (an event's count may come first: it must not be overwritten). */
    private void publishInitialCount(String camera, String label) {
        String topic = topics.count(camera, label);
        if (countsPublished.add(topic)) publish(topic, text(0), true, Delivery.none());
    }

    private void send(HomeAssistantDiscovery.Config c) {
        publish(c.topic(), Json.bytes(c.payload()), true, Delivery.none());
    }

    private void publish(String topic, byte[] payload, boolean retained, Delivery delivery) {
        delivery.add();
        outstanding.incrementAndGet();
        attempt(topic, payload, retained, delivery);
    }

    private void attempt(String topic, byte[] payload, boolean retained, Delivery delivery) {
        boolean event = topic.equals(topics.events());
        if (state == State.CLOSED) return;
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        try {
            client.publish(topic, m, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outstanding.decrementAndGet();
                    messages.increment();
                    if (event) delivered.increment();
                    delivery.finish();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryLater(topic, payload, retained, delivery);
                }
            });
        } catch (MqttException e) {
            retryLater(topic, payload, retained, delivery);
        }
    }

    private void retryLater(String topic, byte[] payload, boolean retained, Delivery delivery) {
        if (state == State.CLOSED) return;
        retried.increment();
        retries.schedule(() -> attempt(topic, payload, retained, delivery), 500, TimeUnit.MILLISECONDS);
    }

    private static byte[] text(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static String describe(MqttException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "");
    }

    private static <V> Map<String, V> lru(int size) {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> e) {
                return size() > size;
            }
        });
    }

    @Override
    public void close() {
        State was = state;
        state = State.CLOSED;
        if (connector != null) connector.interrupt();
        retries.shutdownNow();
        if (client == null) return;
        try {
            if (was == State.CONNECTED) {
                client.publish(topics.available(), OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(5_000);
                client.disconnect().waitForCompletion(5_000);
            } else {
                client.disconnectForcibly(0, 1000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            client.close();
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.toString());
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (state == State.CLOSED) return;
            state = State.CONNECTED;
            lastError = null;
            log.info("MQTT {} {} as {}; {} message(s) outstanding", reconnect ? "reconnected to" : "connected to",
                    safeUrl(), config.clientId, outstanding.get());
            publishAllDiscovery();
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (state == State.CLOSED) return;
            state = State.RECONNECTING;
            lastError = cause == null ? "connection lost" : cause.toString();
            log.warn("MQTT connection to {} lost ({}); buffering up to {} messages on disk and reconnecting",
                    safeUrl(), lastError, config.bufferSize);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {}

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }
}
