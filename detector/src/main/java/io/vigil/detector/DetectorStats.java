package io.vigil.detector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters per camera: frames seen, frames the CNN ran on, frames sent to the dead-letter topic, alert events. */
public final class DetectorStats {
    public enum Counter { FRAMES, INFERRED, SKIPPED, DEAD_LETTER, ALERTS_NEW, EVENTS }

    private final Map<String, Map<Counter, LongAdder>> byCamera = new ConcurrentHashMap<>();

    void add(String camera, Counter counter) {
        byCamera.computeIfAbsent(camera == null ? "" : camera, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(counter, k -> new LongAdder()).increment();
    }

    public long get(String camera, Counter counter) {
        Map<Counter, LongAdder> m = byCamera.get(camera);
        LongAdder a = m == null ? null : m.get(counter);
        return a == null ? 0 : a.sum();
    }

    public long total(Counter counter) {
        return byCamera.values().stream().mapToLong(m -> {
            LongAdder a = m.get(counter);
            return a == null ? 0 : a.sum();
        }).sum();
    }

    public Iterable<String> cameras() {
        return byCamera.keySet();
    }
}
