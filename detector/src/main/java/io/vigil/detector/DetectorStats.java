package io.vigil.detector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The detector's metrics per camera, in a Micrometer registry (exported on {@code /metrics}):
 * frames seen, inferred by the CNN, skipped by the motion gate, sent to the dead-letter topic,
 * alert events emitted, CNN runs (one per region of a frame, see {@link Regions}), and the inference
 * time histogram (per frame, all its regions).
 */
public final class DetectorStats {
    public enum Kind { FRAMES, INFERRED, SKIPPED, DEAD_LETTER, ALERTS_NEW, EVENTS, CNN_RUNS }

    static final int MAX_CAMERA_TAGS = 1000;
    static final String OTHER_CAMERAS = "(other)";
    private final MeterRegistry registry;
    /** Built once per camera: building a timer with its histogram per frame costs more than the lookup. */
    private final Map<String, Timer> inference = new ConcurrentHashMap<>();
    private final Map<String, Map<Kind, Counter>> counters = new ConcurrentHashMap<>();

    public DetectorStats(MeterRegistry registry) {
        this.registry = registry;
    }

    public DetectorStats() {
        this(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void add(String camera, Kind kind) {
        counter(camera, kind).increment();
    }

    void inferenceTook(String camera, long nanos) {
        inference.computeIfAbsent(camera(camera), c -> Timer.builder("vigil.detector.inference").tag("camera", c)
                .publishPercentileHistogram().serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public long get(String camera, Kind kind) {
        Counter c = registry.find(name(kind)).tag("camera", camera(camera)).counter();
        return c == null ? 0 : Math.round(c.count());
    }

    public long total(Kind kind) {
        return Math.round(registry.find(name(kind)).counters().stream().mapToDouble(Counter::count).sum());
    }

    private Counter counter(String camera, Kind kind) {
        String tag = camera(camera);
        if (!counters.containsKey(tag) && counters.size() >= MAX_CAMERA_TAGS) tag = OTHER_CAMERAS;
        String t = tag;
        return counters.computeIfAbsent(t, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> registry.counter(name(k), "camera", t));
    }

    private static String name(Kind kind) {
        return "vigil.detector." + kind.name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Record keys come from the topic, so a flood of made-up camera ids must not grow the metrics without bound. */
    private static String camera(String camera) {
        if (camera == null) return "";
        return camera.length() > 64 ? camera.substring(0, 64) : camera;
    }
}
