package io.vigil.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vigil.common.Alert;
import io.vigil.common.config.NotifyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook URL: the events that match its filters wait in its own queue and one worker POSTs them in
 * order (so in order per camera), retrying with exponential backoff; an event that still fails goes to the
 * dead-letter topic. A slow or failing URL holds back only its own queue. The URL is never logged (chat
 * webhooks carry their token in it): logs and metrics name the target, plus the host.
 */
final class WebhookTarget implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookTarget.class);
    static final int MAX_QUEUED = 10_000;
    private static final long MAX_BACKOFF_MS = 60_000;
    private static final int REMEMBERED_OBJECTS = 10_000;

    private record Item(Alert alert, byte[] body, Delivery delivery) {}

    private final NotifyConfig.Webhook config;
    private final String name;
    private final String host;
    private final URI uri;
    private final HttpClient http;
    private final DeadLetters deadLetters;
    private final Counter delivered;
    private final Counter retried;
    private final Counter deadLettered;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    /** alert id -> capture time of the last event sent, for the cooldown of updates. */
    private final Map<String, Instant> lastSent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> e) {
            return size() > REMEMBERED_OBJECTS;
        }
    };
    private final Thread worker;
    private volatile boolean running = true;
    private volatile String lastError;

    WebhookTarget(NotifyConfig.Webhook config, String name, HttpClient http, DeadLetters deadLetters, NotifyMetrics metrics) {
        this.config = config;
        this.name = name;
        this.uri = URI.create(config.url);
        this.host = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        this.http = http;
        this.deadLetters = deadLetters;
        this.delivered = metrics.delivered(name);
        this.retried = metrics.retried(name);
        this.deadLettered = metrics.deadLettered(name);
        Gauge.builder("vigil.notify.webhook.queued", queue, BlockingQueue::size).tag("target", name)
                .description("Events waiting for this webhook").register(metrics.registry);
        worker = new Thread(this::work, "vigil-notify-" + name);
        worker.setDaemon(true);
    }

    WebhookTarget start() {
        worker.start();
        log.info("Webhook {} ({}): sending {} events{}", name, host, config.types, config.secret == null ? "" : ", signed");
        return this;
    }

    String name() {
        return name;
    }

    /** Whether this event passes the filters, the event types and the per-object cooldown of updates. */
    boolean wants(Alert a) {
        if (!config.types.contains(a.type())) return false;
        if (!config.cameras.isEmpty() && !config.cameras.contains(a.camera())) return false;
        if (!config.labels.isEmpty() && !config.labels.contains(a.label())) return false;
        if (!config.zones.isEmpty() && (a.zones() == null || a.zones().stream().noneMatch(config.zones::contains))) {
            return false;
        }
        Instant at = a.frameTime() != null ? a.frameTime() : Instant.now();
        if (Alert.END.equals(a.type())) {
            lastSent.remove(a.id());
            return true;
        }
        Instant last = lastSent.get(a.id());
        if (Alert.UPDATE.equals(a.type()) && last != null
                && Duration.between(last, at).toMillis() < (long) (config.cooldownSeconds * 1000)) {
            return false;
        }
        lastSent.put(a.id(), at);
        return true;
    }

    /** Queues the event; a full queue (the URL has failed for long) dead-letters it at once. */
    void enqueue(Alert a, byte[] body, Delivery delivery) {
        delivery.add();
        if (queue.size() >= MAX_QUEUED) {
            deadLetter(new Item(a, body, delivery), "queue of " + MAX_QUEUED + " events full (webhook failing)");
            return;
        }
        queue.add(new Item(a, body, delivery));
    }

    int queued() {
        return queue.size();
    }

    String lastError() {
        return lastError;
    }

    String host() {
        return host;
    }

    private void work() {
        while (running) {
            Item item;
            try {
                item = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) continue;
            String failure;
            try {
                failure = deliver(item);
            } catch (InterruptedException e) {
                return; // not delivered, not committed: redelivered after a restart
            }
            if (failure == null) {
                delivered.increment();
                item.delivery().finish();
            } else {
                deadLetter(item, failure);
            }
        }
    }

    /** POSTs with retries; null when delivered, else why it failed for good. */
    private String deliver(Item item) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(config.timeoutSeconds))
                .header("Content-Type", "application/json")
                .header("User-Agent", "vigil-notify")
                .header("X-Vigil-Event", item.alert().type())
                .POST(HttpRequest.BodyPublishers.ofByteArray(item.body()));
        if (config.secret != null && !config.secret.isEmpty()) {
            request.header(Signature.HEADER, Signature.of(config.secret, item.body()));
        }
        HttpRequest req = request.build();
        long backoff = config.retryBackoffMs;
        String failure = null;
        for (int attempt = 1; attempt <= config.maxAttempts && running; attempt++) {
            if (attempt > 1) {
                retried.increment();
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
            try {
                HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                int status = r.statusCode();
                if (status >= 200 && status < 300) {
                    if (lastError != null) log.info("Webhook {} ({}): delivering again", name, host);
                    lastError = null;
                    return null;
                }
                failure = "HTTP " + status + " after " + attempt + " attempt(s)";
                if (status >= 400 && status < 500 && status != 408 && status != 429) break; // will not get better
            } catch (java.io.IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + " after " + attempt + " attempt(s)";
            }
            if (lastError == null) log.warn("Webhook {} ({}): {}; retrying", name, host, failure);
            lastError = failure;
        }
        if (!running) throw new InterruptedException("stopping");
        return failure;
    }

    private void deadLetter(Item item, String reason) {
        deadLettered.increment();
        log.warn("Webhook {} ({}): alert {} ({} event) to the dead-letter topic: {}", name, host,
                item.alert().id(), item.alert().type(), reason);
        deadLetters.send(name, item.alert(), item.body(), reason, item.delivery());
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
