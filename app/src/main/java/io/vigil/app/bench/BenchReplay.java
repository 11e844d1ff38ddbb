package io.vigil.app.bench;

import io.vigil.common.config.VigilConfig;
import io.vigil.common.media.FfmpegCli;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Investigator throughput: how many times faster than real time single-node Vigil analyses footage (replay at max
 * speed until every frame is processed and its alerts stored), on a quiet recording and on the busy sample, against
 * two ceilings measured in the same run: the FFmpeg CLI decoding the same file ({@code ffmpeg -threads 1 -i FILE -f null -})
 * and, for the frames the motion gate lets through, raw ONNX Runtime inference.
 * <p>
 * The CPU may be shared with other work, so each ratio pairs a Vigil run with ceilings measured right before and
 * after it, and this is repeated over several rounds: the table gives the round with the median ratio and the spread
 * of the ratios. CPU-seconds (Vigil's whole process; ffmpeg's) are given too, as contention changes them less than
 * wall-clock times.
 */
final class BenchReplay {
    private static final int RAW_RUNS = 10;
    /** Seconds of each footage replayed before measuring: JIT compilation, model and topics warm. */
    static final double WARM_UP_SECONDS = 10;

    private BenchReplay() {}

    /** One round on one footage. */
    record Row(String name, double mediaSeconds, long frames, long inferred, double wallSeconds, double decodeSeconds,
               double rawInferenceMs, double cpuSeconds, double ffmpegCpuSeconds) {
        double speed() {
            return mediaSeconds / wallSeconds;
        }

        double decodeCeiling() {
            return mediaSeconds / decodeSeconds;
        }

        /** Real-time factor if only the CNN on the frames the gate passed took time. */
        double inferenceCeiling() {
            return inferred == 0 ? Double.POSITIVE_INFINITY : mediaSeconds / (inferred * rawInferenceMs / 1000);
        }

        double decodeRatio() {
            return speed() / decodeCeiling();
        }

        double inferenceRatio() {
            return speed() / inferenceCeiling();
        }
    }

    record Result(List<List<Row>> rounds, String model, int threads) {
        /** The rounds of one footage, in order. */
        List<Row> of(String name) {
            return rounds.stream().map(r -> r.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow()).toList();
        }

        String table() {
            StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-7s %7s %7s %8s %9s %13s %8s %16s %8s %13s %13s %9s %9s%n",
                    "footage", "media s", "frames", "inferred", "Vigil x", "ffmpeg dec x", "ratio", "inference-bound x", "ratio",
                    "ratio spread", "infer spread", "Vigil CPU", "ffm CPU"));
            for (String name : rounds.get(0).stream().map(Row::name).toList()) {
                List<Row> runs = of(name);
                boolean busy = name.equals("busy");
                ToDoubleFunction<Row> key = busy ? Row::inferenceRatio : Row::decodeRatio;
                Row r = median(runs, key);
                t.append(String.format(Locale.ROOT, "%-7s %7.1f %7d %8d %8.1fx %12.1fx %8.2f %15.1fx %8.2f %13s %13s %8.1fs %8.1fs%n",
                        r.name(), r.mediaSeconds(), r.frames(), r.inferred(), r.speed(), r.decodeCeiling(), r.decodeRatio(),
                        r.inferenceCeiling(), r.inferenceRatio(), spread(runs, Row::decodeRatio), spread(runs, Row::inferenceRatio),
                        r.cpuSeconds(), r.ffmpegCpuSeconds()));
            }
            t.append(String.format(Locale.ROOT, "(x = seconds of footage analysed per second of wall clock: replay at max speed,"
                    + " detect fps 5, until the detector has processed every frame; ffmpeg dec = `ffmpeg -threads 1 -i FILE"
                    + " -f null -` on the same file; inference-bound = raw ONNX Runtime (%s, %d thread(s)) on the frames the"
                    + " motion gate passed; both ceilings measured right before and after each Vigil run (mean); the row is the"
                    + " round with the median ratio (decode ratio for quiet, inference ratio for busy), spread = min-max of %d"
                    + " round(s); CPU = CPU-seconds of the Vigil process (ingest, broker, detector, sink) and of one ffmpeg run;"
                    + " after %.0f s of each footage as warm-up; %d cores)%n",
                    model, threads, rounds.size(), WARM_UP_SECONDS, Runtime.getRuntime().availableProcessors()));
            return t.toString();
        }

        private static Row median(List<Row> runs, ToDoubleFunction<Row> key) {
            List<Row> sorted = runs.stream().sorted(Comparator.comparingDouble(key)).toList();
            return sorted.get((sorted.size() - 1) / 2);
        }

        private static String spread(List<Row> runs, ToDoubleFunction<Row> key) {
            double[] v = runs.stream().mapToDouble(key).sorted().toArray();
            return String.format(Locale.ROOT, "%.2f-%.2f", v[0], v[v.length - 1]);
        }
    }

    static Result run(Supplier<VigilConfig> configs, Path footage, double seconds, int rounds, PrintStream progress)
            throws Exception {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1: " + rounds);
        try (BenchWorkspace ws = BenchWorkspace.create()) {
            progress.println("bench replay: preparing the footage");
            Path busy = seconds > 0 ? ws.trimmed(footage, seconds, "busy") : footage;
            Path quiet = ws.still(footage, seconds > 0 ? seconds : 60);
            VigilConfig cfg = configs.get();
            List<Path> frames = ws.frames(busy, 4, 50, cfg.detector == null ? 640 : new VigilConfig.Detect().width);
            List<List<Row>> results = new ArrayList<>();
            try (BenchNode node = BenchNode.start(cfg, ws.dir("node"), false)) {
                progress.println("bench replay: warming up");
                node.warmUp(ws.trimmed(quiet, WARM_UP_SECONDS, "warmup-quiet"));
                node.warmUp(ws.trimmed(footage, WARM_UP_SECONDS, "warmup-busy"));
                for (int round = 1; round <= rounds; round++) {
                    List<Row> rows = new ArrayList<>();
                    for (var entry : List.of(new Object[] {"quiet", quiet}, new Object[] {"busy", busy})) {
                        String name = (String) entry[0];
                        progress.printf("bench replay: round %d of %d, %s%n", round, rounds, name);
                        rows.add(round(node, name, round == 1 ? name : name + "-" + round, (Path) entry[1], frames));
                    }
                    results.add(rows);
                }
            }
            return new Result(results, cfg.detector.model, cfg.detector.threads);
        }
    }

    /** ffmpeg and raw inference, Vigil on the file as camera {@code camera}, ffmpeg and raw inference again. */
    private static Row round(BenchNode node, String name, String camera, Path file, List<Path> frames) throws Exception {
        Ffmpeg before = ffmpegDecode(file);
        double rawBefore = node.rawInference(frames, RAW_RUNS).inferenceMs();
        long cpuBefore = processCpuNanos();
        long began = System.nanoTime();
        ReplaySummary s = node.replay(file, camera).speed(Replay.MAX_SPEED).run();
        // timed until the detector has processed every frame (the commit of its position comes later)
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (node.count(camera, Kind.FRAMES) < s.frames() && System.nanoTime() < deadline) Thread.sleep(5);
        double wall = (System.nanoTime() - began) / 1e9;
        double cpu = (processCpuNanos() - cpuBefore) / 1e9;
        node.awaitProcessed(Duration.ofMinutes(30));
        double rawAfter = node.rawInference(frames, RAW_RUNS).inferenceMs();
        Ffmpeg after = ffmpegDecode(file);
        double media = Duration.between(s.firstFrameTime(), s.lastFrameTime()).toMillis() / 1000.0 + 0.2;
        return new Row(name, media, node.count(camera, Kind.FRAMES), node.count(camera, Kind.INFERRED), wall,
                (before.seconds() + after.seconds()) / 2, (rawBefore + rawAfter) / 2, cpu, (before.cpuSeconds() + after.cpuSeconds()) / 2);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One run of the ceiling: its wall-clock and CPU seconds. */
    record Ffmpeg(double seconds, double cpuSeconds) {}

    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s\\s*$");

    /**
     * {@code ffmpeg -threads 1 -i FILE -f null -}, run by bash so that its {@code times} builtin reports the CPU time of
     * ffmpeg (the shell's children), in seconds.
     */
    static Ffmpeg ffmpegDecode(Path file) throws IOException, InterruptedException {
        List<String> cmd = FfmpegCli.command(List.of("-threads", "1", "-i", file.toString(), "-f", "null", "-"));
        String script = String.join(" ", cmd.stream().map(BenchReplay::quoted).toList()) + " </dev/null && times";
        long began = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IOException("ffmpeg failed on " + file + ": " + out.strip());
        double seconds = (System.nanoTime() - began) / 1e9;
        Matcher m = TIMES.matcher(out.strip());
        double cpu = m.find() ? Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4)) : Double.NaN;
        return new Ffmpeg(seconds, cpu);
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
