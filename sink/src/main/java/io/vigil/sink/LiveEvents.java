package io.vigil.sink;

import io.javalin.http.sse.SseClient;
import io.vigil.common.Json;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events at {@code /api/events}: after each stored batch, every changed alert is sent as an
 * {@code alert} event (the alert as {@code /api/alerts} shows it) and every changed camera as a
 * {@code camera} event. Each event has an id; a client that reconnects with {@code Last-Event-ID} gets
 * what it missed from the last {@link #HISTORY} events. Every client has its own sender and a bounded
 * queue: a client that falls {@link #CLIENT_QUEUE} events behind is dropped (its browser reconnects and
 * resumes), so a stalled client never delays the others or the consumer.
 */
final class LiveEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    static final int CLIENT_QUEUE = 256;
    static final int HISTORY = 1000;
    static final int MAX_CLIENTS = 100;

    /** One event as sent. */
    record Event(long id, String name, String json) {}

    private final AlertRepository repository;
    private final CameraStatusRepository cameras;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Deque<Event> history = new ArrayDeque<>();
    /** Ids start at the start time in microseconds, so they grow across sink restarts too. */
    private long nextId = System.currentTimeMillis() * 1000;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-sink-sse");
        t.setDaemon(true);
        return t;
    });

    LiveEvents(AlertRepository repository, CameraStatusRepository cameras) {
        this.repository = repository;
        this.cameras = cameras;
    }

    void connect(SseClient sse) {
        if (clients.size() >= MAX_CLIENTS) {
            log.warn("Live events: {} clients already, refusing another", MAX_CLIENTS);
            sse.close();
            return;
        }
        sse.keepAlive();
        Client client = new Client(sse);
        sse.onClose(() -> {
            clients.remove(client);
            client.stop();
        });
        long since = lastEventId(sse);
        synchronized (history) {
            if (since >= 0) for (Event e : history) if (e.id() > since) client.offer(e);
            clients.add(client);
        }
        sse.sendComment("connected");
        client.start();
    }

    private static long lastEventId(SseClient sse) {
        String v = sse.ctx().header("Last-Event-ID");
        if (v == null) return -1;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
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

    private void broadcast(String name, String json) {
        Event event;
        synchronized (history) {
            event = new Event(nextId++, name, json);
            history.addLast(event);
            if (history.size() > HISTORY) history.removeFirst();
        }
        for (Client c : clients) {
            if (!c.offer(event)) {
                log.warn("Live events: dropping a client {} events behind (it reconnects and resumes)", CLIENT_QUEUE);
                clients.remove(c);
                c.stop();
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
        new ArrayList<>(clients).forEach(Client::stop);
        clients.clear();
    }

    /** One connected client: its queue and its own sender thread (a blocked write blocks only this one). */
    private static final class Client {
        private final SseClient sse;
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE);
        private final Thread thread;
        private volatile boolean stopped;

        Client(SseClient sse) {
            this.sse = sse;
            this.thread = new Thread(this::run, "vigil-sink-sse-client");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        boolean offer(Event e) {
            return !stopped && queue.offer(e);
        }

        private void run() {
            try {
                while (!stopped && !sse.terminated()) {
                    Event e = queue.poll(1, TimeUnit.SECONDS);
                    if (e != null) sse.sendEvent(e.name(), e.json(), Long.toString(e.id()));
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (RuntimeException e) {
                log.debug("Live events: client gone ({})", e.toString());
            } finally {
                stopped = true;
                try {
                    sse.close();
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }
    }
}
