package io.vigil.app.bench;

import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * {@code vigil bench capacity}: in single-node mode, the sample footage re-encoded at 720p replayed as K cameras
 * at once in real time, for growing K; per K the whole process's CPU use, how far the detector is behind when
 * the footage ends, and alert latency; the largest K that keeps up. The raw-inference baseline of the same
 * run says how many cameras the model alone could serve.
 */
final class BenchCapacity {
    /** The detector may fall this many seconds of frames behind before a K is stopped as hopeless. */
    private static final double GIVE_UP_BEHIND_SECONDS = 10;
    private static final long LATENCY_TARGET_MS = 1000;
    /** Other processes' CPU share above which a row is marked as disturbed. */
    private static final double BUSY_MACHINE = 0.1;

    record Row(int cameras, BenchCpu.Shares cpu, long expected, long published, long processedAtEnd, double replaySeconds,
               BenchAlertLatency latency, boolean stoppedEarly, double fps) {
        long behind() {
            return Math.max(0, published - processedAtEnd);
        }

        double behindSeconds() {
            return behind() / (cameras * fps);
        }

        /** Processed within a second's frames of the end, alerts stored within the latency target. */
        boolean keepsUp() {
            return !stoppedEarly && behindSeconds() <= 1 && (latency.count() == 0 || latency.p95() < LATENCY_TARGET_MS);
        }
    }

    record Result(int threads, String model, double seconds, double fps, DetectBench.Row raw, double rawOthersCpu,
                  List<Row> rows) {
        int largestKeepingUp() {
            return rows.stream().filter(Row::keepsUp).mapToInt(Row::cameras).max().orElse(0);
        }

        String table() {
            StringBuilder t = new StringBuilder();
            int cores = Runtime.getRuntime().availableProcessors();
            double rawFps = 1000 / raw.inferenceMs();
            t.append(String.format(Locale.ROOT, "Capacity benchmark: %.0f s of 720p footage per camera, real time, detect fps %.0f,"
                    + " model %s, %d intra-op thread(s), %d cores%n", seconds, fps, model, threads, cores));
            t.append(String.format(Locale.ROOT, "raw ONNX Runtime inference baseline: %.1f ms/frame median = %.1f frames/s"
                    + " = %.1f cameras at %.0f fps if every frame is inferred (other processes' CPU meanwhile: %s)%n",
                    raw.inferenceMs(), rawFps, rawFps / fps, fps, BenchCpu.percent(rawOthersCpu)));
            t.append(String.format(Locale.ROOT, "%7s %6s %7s %10s %10s %12s %8s %7s %8s %8s  %s%n", "cameras", "CPU",
                    "others", "published", "processed", "behind@end", "replay", "alerts", "p50", "p95", "keeps up"));
            for (Row r : rows) {
                BenchAlertLatency l = r.latency();
                t.append(String.format(Locale.ROOT, "%7d %6s %7s %4d/%-5d %10d %6d/%4.1fs %7.1fs %7d %8s %8s  %s%s%n",
                        r.cameras(), BenchCpu.percent(r.cpu().ours()), BenchCpu.percent(r.cpu().others()), r.published(),
                        r.expected(), r.processedAtEnd(), r.behind(), r.behindSeconds(), r.replaySeconds(), l.count(),
                        ms(l.count(), l.p50()), ms(l.count(), l.p95()), verdict(r), r.cpu().others() > BUSY_MACHINE ? "  *" : ""));
            }
            if (rows.stream().anyMatch(r -> r.cpu().others() > BUSY_MACHINE)) {
                t.append(String.format(Locale.ROOT, "* other processes took more than %.0f%% of the CPU: that row is disturbed;"
                        + " rerun on an idle machine%n", BUSY_MACHINE * 100));
            }
            int largest = largestKeepingUp();
            t.append(String.format(Locale.ROOT, "largest K that keeps up (behind <= 1 s at the end, alert p95 < %d ms): %s%n",
                    LATENCY_TARGET_MS, largest > 0 ? Integer.toString(largest) : "none of those tried"));
            t.append("(CPU = process CPU time / wall time / cores while replaying; others = the share other processes"
                    + " took meanwhile; published = frames that reached the broker"
                    + " of those expected; processed = frames the detector had started when the footage ended; replay = wall"
                    + " time of the replay; latency = 'new' alert events, frame capture -> stored by the sink)\n");
            return t.toString();
        }

        private static String verdict(Row r) {
            if (r.keepsUp()) return "yes";
            return r.stoppedEarly() ? "no (stopped: > " + (int) GIVE_UP_BEHIND_SECONDS + " s behind)" : "no";
        }

        private static String ms(int count, long value) {
            return count == 0 ? "-" : value + " ms";
        }
    }

    private BenchCapacity() {}

    static Result run(Supplier<VigilConfig> configs, Path footage, List<Integer> cameraCounts, double seconds, double fps,
                      PrintStream progress) throws Exception {
        try (BenchWorkspace ws = BenchWorkspace.create()) {
            progress.printf(Locale.ROOT, "bench capacity: re-encoding %.0f s of %s at 720p%n", seconds, footage);
            Path clip = ws.hd720(footage, seconds);
            Path warmUp = ws.trimmed(clip, 3, "warmup");
            List<Path> frames = ws.frames(clip, 4, 50, new VigilConfig.Detect().width);
            VigilConfig cfg = configs.get();
            progress.println("bench capacity: starting single node");
            try (BenchNode node = BenchNode.start(cfg, ws.dir("node"))) {
                progress.println("bench capacity: raw inference baseline");
                BenchCpu cpu = BenchCpu.start();
                DetectBench.Row raw = node.rawInference(frames, 10);
                double rawOthers = cpu.shares().others();
                node.warmUp(warmUp);
                List<Row> rows = new ArrayList<>();
                for (int k : cameraCounts) {
                    Row row = measure(node, clip, k, seconds, fps, progress);
                    rows.add(row);
                    progress.printf(Locale.ROOT, "bench capacity: K=%d %s%n", k, row.keepsUp() ? "keeps up" : "does not keep up");
                    if (!row.keepsUp()) break; // more cameras will not do better
                }
                return new Result(cfg.detector.threads, cfg.detector.model, seconds, fps, raw, rawOthers, rows);
            }
        }
    }

    private static Row measure(BenchNode node, Path clip, int k, double seconds, double fps, PrintStream progress)
            throws Exception {
        List<String> cameras = IntStream.rangeClosed(1, k).mapToObj(i -> "k" + k + "-" + i).toList();
        List<Replay> replays = cameras.stream().map(c -> node.replay(clip, c).speed(1).detectFps(fps)).toList();
        progress.printf(Locale.ROOT, "bench capacity: K=%d cameras, %.0f s in real time%n", k, seconds);
        long giveUp = Math.round(k * fps * GIVE_UP_BEHIND_SECONDS);
        BenchCpu cpu = BenchCpu.start();
        long began = System.nanoTime();
        boolean[] stopped = {false};
        List<ReplaySummary> summaries = BenchNode.playTogether(replays, s -> {
            long published = node.arrivals.published(cameras);
            long processed = node.count(cameras, Kind.FRAMES);
            if (s % 5 == 0) {
                progress.printf(Locale.ROOT, "  K=%d %3d/%.0f s  published %d  processed %d  behind %d%n",
                        k, s, seconds, published, processed, published - processed);
            }
            stopped[0] = published - processed > giveUp;
            return !stopped[0];
        });
        double wall = (System.nanoTime() - began) / 1e9;
        BenchCpu.Shares shares = cpu.shares();
        long processedAtEnd = node.count(cameras, Kind.FRAMES);
        long published = Math.max(node.arrivals.published(cameras),
                summaries.stream().mapToLong(ReplaySummary::frames).sum());
        progress.printf(Locale.ROOT, "bench capacity: K=%d replay done in %.1f s; waiting for the detector and the sink%n", k, wall);
        try {
            node.awaitProcessed(Duration.ofMinutes(3));
        } catch (IllegalStateException e) {
            progress.println("bench capacity: " + e.getMessage());
        }
        long expected = Math.round(k * seconds * fps);
        return new Row(k, shares, expected, published, processedAtEnd,
                wall, node.latency(cameras), stopped[0], fps);
    }
}
