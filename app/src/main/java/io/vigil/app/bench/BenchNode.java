package io.vigil.app.bench;

import io.vigil.app.ConfigMapping;
import io.vigil.app.SingleNode;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorStats;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * Single-node mode (embedded broker, detector, sink on SQLite) started for a benchmark in a throw-away data
 * directory, with what the benchmarks measure on it.
 */
final class BenchNode implements AutoCloseable {
    final VigilConfig config;
    final SingleNode node;
    /** The frames topic followed since start; null when not watched. */
    final BenchFrameArrivals arrivals;

    private BenchNode(VigilConfig config, SingleNode node, BenchFrameArrivals arrivals) {
        this.config = config;
        this.node = node;
        this.arrivals = arrivals;
    }

    /** Starts the node with its data in {@code dataDir}; the config's own database URL and cameras are not used. */
    static BenchNode start(VigilConfig cfg, Path dataDir) throws IOException {
        return start(cfg, dataDir, true);
    }

    /**
     * @param watchArrivals whether to follow the frames topic for {@link #arrivals} (a consumer of every frame: a
     *                      benchmark that does not need it leaves it off, as it costs the node CPU)
     */
    static BenchNode start(VigilConfig cfg, Path dataDir, boolean watchArrivals) throws IOException {
        cfg.dataDir = dataDir.toString();
        cfg.sink.databaseUrl = null;
        cfg.cameras.clear();
        SingleNode node = SingleNode.start(cfg, 0, 0);
        try {
            return new BenchNode(cfg, node, watchArrivals ? new BenchFrameArrivals(ConfigMapping.kafka(cfg)) : null);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** A replay of {@code clip} as {@code camera} into the frames topic, recorded "now", at the config's default detect rate. */
    Replay replay(Path clip, String camera) {
        Map<String, Object> producer = ConfigMapping.kafka(config);
        producer.put("client.id", "vigil-bench-" + camera);
        return new Replay(List.of(clip), camera, producer).start(Instant.now());
    }

    /** Replays {@code clip} as fast as possible as camera "warmup" and waits until it is processed: JIT, model, sink warm. */
    void warmUp(Path clip) throws InterruptedException {
        replay(clip, "warmup").speed(Replay.MAX_SPEED).run();
        awaitProcessed(Duration.ofMinutes(2));
    }

    /**
     * Runs the replays at once and returns their summaries; meanwhile {@code everySecond} is called with the
     * seconds elapsed (1, 2, ...) and may return false to stop them all early.
     */
    static List<ReplaySummary> playTogether(List<Replay> replays, IntPredicate everySecond) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(replays.size());
        try {
            List<Future<ReplaySummary>> running = replays.stream().map(r -> pool.submit(r::run)).toList();
            long began = System.nanoTime();
            int seconds = 0;
            boolean stopped = false;
            while (!running.stream().allMatch(Future::isDone)) {
                Thread.sleep(50);
                if (System.nanoTime() - began >= (seconds + 1) * 1_000_000_000L) {
                    seconds++;
                    if (!stopped && !everySecond.test(seconds)) {
                        stopped = true;
                        replays.forEach(Replay::stop);
                    }
                }
            }
            List<ReplaySummary> summaries = new ArrayList<>();
            for (Future<ReplaySummary> f : running) {
                try {
                    summaries.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a replay failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return summaries;
        } finally {
            pool.shutdownNow();
        }
    }

    void awaitProcessed(Duration limit) throws InterruptedException {
        node.awaitProcessed(limit);
    }

    long count(String camera, DetectorStats.Kind kind) {
        return node.detector.service().stats().get(camera, kind);
    }

    long count(Collection<String> cameras, DetectorStats.Kind kind) {
        return cameras.stream().mapToLong(c -> count(c, kind)).sum();
    }

    BenchAlertLatency latency(Collection<String> cameras) throws SQLException {
        return BenchAlertLatency.of(ConfigMapping.sink(config, 0).effectiveJdbcUrl(), cameras, arrivals::startOffsetMillis);
    }

    /** The baseline: the configured model as a raw ONNX Runtime session with the detector's threads, on these frames. */
    DetectBench.Row rawInference(List<Path> frames, int runs) {
        return DetectBench.run(List.of(config.detector.model), frames, runs, ConfigMapping.model(config)).get(0);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (arrivals != null) arrivals.close();
        } finally {
            node.close();
        }
    }
}
