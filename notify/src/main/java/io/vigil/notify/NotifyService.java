package io.vigil.notify;

import io.vigil.common.ConsumerGroupLag;
import io.vigil.common.Topics;
import io.vigil.common.config.NotifyConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * `vigil notify`: alert events from Kafka to MQTT (with Home Assistant discovery) and webhooks, in its own
 * consumer group so that a slow receiver never holds back the sink. {@code new NotifyService(...).start()},
 * then {@link #close()}.
 */
public final class NotifyService implements AutoCloseable {
    private final Map<String, Object> kafka;
    private final NotifyConfig config;
    private final Collection<String> cameras;
    private final Collection<String> labels;
    private final Path dataDir;
    private final NotifyMetrics metrics = new NotifyMetrics();
    private final List<WebhookTarget> webhooks = new ArrayList<>();
    private MqttBridge mqtt;
    private DeadLetters deadLetters;
    private EventConsumer consumer;
    private Thread consumerThread;
    private NotifyHttp http;

    /**
     * @param kafka   Kafka client properties (bootstrap.servers and the passthrough properties)
     * @param cameras camera ids known from the config (announced to Home Assistant at start)
     * @param labels  labels alerted on (each camera gets entities for all of them)
     * @param dataDir where the MQTT offline buffer lives (data_dir/notify-mqtt)
     */
    public NotifyService(Map<String, Object> kafka, NotifyConfig config, Collection<String> cameras, Collection<String> labels, Path dataDir) {
        this.kafka = kafka;
        this.config = config;
        this.cameras = List.copyOf(cameras);
        this.labels = List.copyOf(labels);
        this.dataDir = dataDir;
    }

    /** Starts the targets and the consumer, and waits (up to a minute) until the consumer has its partitions. */
    public NotifyService start() {
        try {
            if (config.mqtt.enabled()) mqtt = new MqttBridge(config.mqtt, cameras, labels, dataDir, metrics).start();
            if (!config.webhooks.isEmpty()) {
                deadLetters = new DeadLetters(kafka, Topics.NOTIFY_DEAD_LETTER);
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                for (int i = 0; i < config.webhooks.size(); i++) {
                    NotifyConfig.Webhook w = config.webhooks.get(i);
                    String name = w.name != null ? w.name : "webhook-" + i;
                    webhooks.add(new WebhookTarget(w, name, client, deadLetters, metrics).start());
                }
            }
            consumer = new EventConsumer(kafka, config.groupId, Topics.ALERTS, Topics.CAMERA_STATUS, Topics.SNAPSHOTS,
                    mqtt, webhooks, metrics);
            consumerThread = new Thread(consumer, "vigil-notify-consumer");
            consumerThread.start();
            if (!consumer.awaitAssigned(Duration.ofMinutes(1))) {
                throw new IllegalStateException("notify: no partitions of " + consumer.topics() + " assigned within a minute");
            }
            http = new NotifyHttp(this, metrics).start(config.httpPort);
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting notify", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** What /health shows: the consumer, the MQTT connection and each webhook, with no URL path or secret. */
    Map<String, Object> health() {
        Map<String, Object> h = new java.util.LinkedHashMap<>();
        h.put("status", consumer != null && consumer.running() ? "UP" : "DOWN");
        if (mqtt != null) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("broker", mqtt.safeUrl());
            m.put("state", mqtt.state().name().toLowerCase(java.util.Locale.ROOT));
            m.put("outstanding", mqtt.outstanding());
            if (mqtt.lastError() != null) m.put("error", mqtt.lastError());
            h.put("mqtt", m);
        }
        List<Map<String, Object>> hooks = new ArrayList<>();
        for (WebhookTarget w : webhooks) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", w.name());
            m.put("host", w.host());
            m.put("queued", w.queued());
            if (w.lastError() != null) m.put("error", w.lastError());
            hooks.add(m);
        }
        if (!hooks.isEmpty()) h.put("webhooks", hooks);
        return h;
    }

    /**
     * Waits until notify's committed positions reach the end of its topics, i.e. every event on them now has
     * been delivered to every target (or dead-lettered). False on timeout.
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        return ConsumerGroupLag.awaitZero(kafka, config.groupId, consumer.topics(), timeout);
    }

    @Override
    public void close() {
        if (http != null) http.close();
        if (consumer != null) {
            consumer.close();
            try {
                consumerThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.wakeup();
        }
        webhooks.forEach(WebhookTarget::close);
        if (deadLetters != null) deadLetters.close();
        if (mqtt != null) mqtt.close();
    }
}
