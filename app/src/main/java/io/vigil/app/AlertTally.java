package io.vigil.app;

import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the alert topic from where it ends now (committed transactions only) and counts this run's
 * alerts — "new" events, one per tracked object — per label; optionally shows each new alert.
 */
final class AlertTally implements AutoCloseable {
    private final TopicTail tail;
    private final Map<String, Long> byLabel = new TreeMap<>();
    private final Consumer<Alert> onNew;
    private final Consumer<Alert> onEvent;

    AlertTally(Map<String, Object> kafka, Consumer<Alert> onNew) {
        this(kafka, onNew, a -> {});
    }

    /** Also gives every event (new, update, end) to {@code onEvent}. */
    AlertTally(Map<String, Object> kafka, Consumer<Alert> onNew, Consumer<Alert> onEvent) {
        tail = new TopicTail(kafka, Topics.ALERTS);
        this.onNew = onNew;
        this.onEvent = onEvent;
    }

    /** Reads what has arrived; call from one thread. */
    void poll(Duration timeout) {
        tail.poll(timeout, this::accept);
    }

    /** Reads until the end of the topic as it is now. */
    void drain() {
        tail.drain(this::accept);
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        Alert a;
        try {
            a = r.value() == null ? null : Json.read(r.value(), Alert.class);
        } catch (RuntimeException e) {
            return; // not ours to judge: the sink reports poison records
        }
        if (a == null || a.label() == null) return;
        onEvent.accept(a);
        if (Alert.NEW.equals(a.type())) {
            byLabel.merge(a.label(), 1L, Long::sum);
            onNew.accept(a);
        }
    }

    Map<String, Long> byLabel() {
        return byLabel;
    }

    long total() {
        return byLabel.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        tail.close();
    }
}
