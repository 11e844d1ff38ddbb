package io.vigil.sink;

import io.javalin.http.sse.SseClient;
import io.vigil.common.Json;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events at {@code /api/events}: after each stored batch, every changed alert is sent as an
 * {@code alert} event (the alert as {@code /api/alerts} shows it) and every changed camera as a
 * {@code camera} event. Sending runs on its own thread so a slow client never holds up the consumer.
 */
final class LiveEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    private final AlertRepository repository;
    private final CameraStatusRepository cameras;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-sink-sse");
        t.setDaemon(true);
        return t;
    });

    LiveEvents(AlertRepository repository, CameraStatusRepository cameras) {
        this.repository = repository;
        this.cameras = cameras;
    }

    void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendComment("connected");
    }

    int clientCount() {
        return clients.size();
    }

    void publish(AlertWriter.Changes changes) {
        if (clients.isEmpty()) return;
        sender.execute(() -> send(changes));
    }

    private void send(AlertWriter.Changes changes) {
        try {
            for (String id : changes.alertIds()) {
                Optional<StoredAlert> alert = repository.find(id);
                if (alert.isPresent()) broadcast("alert", Json.string(alert.get()));
            }
            if (!changes.cameraIds().isEmpty()) {
                for (StoredCameraStatus camera : cameras.cameras()) {
                    if (changes.cameraIds().contains(camera.id())) broadcast("camera", Json.string(camera));
                }
            }
        } catch (SQLException e) {
            log.warn("Live events not sent, database unavailable: {}", e.getMessage());
        }
    }

    private void broadcast(String event, String json) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent(event, json);
            }
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
