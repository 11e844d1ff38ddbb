package io.vigil.app.bench;

import io.vigil.common.config.VigilConfig;
import io.vigil.common.media.FfmpegCli;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Investigator throughput: how many times faster than real time single-node Vigil analyses footage (replay at max
 * speed until every frame is processed and its alerts stored), on a quiet recording and on the busy sample, against
 * two ceilings measured in the same run: the FFmpeg CLI decoding the same file ({@code ffmpeg -threads 1 -i FILE -f null -})
 * and, for the frames the motion gate lets through, raw ONNX Runtime inference.
 */
final class BenchReplay {
    private static final int RAW_RUNS = 20;

    private BenchReplay() {}

    record Row(String name, double mediaSeconds, long frames, long inferred, double wallSeconds, double decodeSeconds,
               double rawInferenceMs) {
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
    }

    record Result(List<Row> rows, String model, int threads) {
        String table() {
            StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-7s %7s %7s %8s %9s %13s %8s %16s %8s%n",
                    "footage", "media s", "frames", "inferred", "Vigil x", "ffmpeg dec x", "ratio", "inference-bound x", "ratio"));
            for (Row r : rows) {
                t.append(String.format(Locale.ROOT, "%-7s %7.1f %7d %8d %8.1fx %12.1fx %7.2f %15.1fx %7.2f%n", r.name(),
                        r.mediaSeconds(), r.frames(), r.inferred(), r.speed(), r.decodeCeiling(), r.speed() / r.decodeCeiling(),
                        r.inferenceCeiling(), r.speed() / r.inferenceCeiling()));
            }
            t.append(String.format(Locale.ROOT, "(x = seconds of footage analysed per second of wall clock: replay at max speed,"
                    + " detect fps 5, until the detector has processed every frame; ffmpeg dec = `ffmpeg -threads 1 -i FILE"
                    + " -f null -` on the same file; inference-bound = raw ONNX Runtime (%s, %d thread(s)) on the frames the"
                    + " motion gate passed; %d cores)%n", model, threads, Runtime.getRuntime().availableProcessors()));
            return t.toString();
        }
    }

    static Result run(Supplier<VigilConfig> configs, Path footage, double seconds, PrintStream progress) throws Exception {
        try (BenchWorkspace ws = BenchWorkspace.create()) {
            progress.println("bench replay: preparing the footage");
            Path busy = seconds > 0 ? ws.trimmed(footage, seconds, "busy") : footage;
            Path quiet = ws.still(footage, seconds > 0 ? seconds : 60);
            Path warmUp = ws.trimmed(footage, 3, "warmup");
            VigilConfig cfg = configs.get();
            List<Path> frames = ws.frames(busy, 4, 50, cfg.detector == null ? 640 : new VigilConfig.Detect().width);
            List<Row> rows = new ArrayList<>();
            try (BenchNode node = BenchNode.start(cfg, ws.dir("node"))) {
                node.warmUp(warmUp);
                double rawMs = node.rawInference(frames, RAW_RUNS).inferenceMs();
                for (var entry : List.of(new Object[] {"quiet", quiet}, new Object[] {"busy", busy})) {
                    String name = (String) entry[0];
                    Path file = (Path) entry[1];
                    progress.println("bench replay: ffmpeg decode ceiling on " + name);
                    double decode = ffmpegDecodeSeconds(file);
                    progress.println("bench replay: Vigil on " + name);
                    long began = System.nanoTime();
                    ReplaySummary s = node.replay(file, name).speed(Replay.MAX_SPEED).run();
                    // timed until the detector has processed every frame (the commit of its position comes later)
                    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                    while (node.count(name, Kind.FRAMES) < s.frames() && System.nanoTime() < deadline) Thread.sleep(5);
                    double wall = (System.nanoTime() - began) / 1e9;
                    node.awaitProcessed(Duration.ofMinutes(30));
                    double media = Duration.between(s.firstFrameTime(), s.lastFrameTime()).toMillis() / 1000.0 + 0.2;
                    rows.add(new Row(name, media, node.count(name, Kind.FRAMES), node.count(name, Kind.INFERRED), wall, decode, rawMs));
                }
            }
            return new Result(rows, cfg.detector.model, cfg.detector.threads);
        }
    }

    /** Best of three runs of {@code ffmpeg -threads 1 -i FILE -f null -}, in seconds. */
    static double ffmpegDecodeSeconds(Path file) throws IOException, InterruptedException {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long began = System.nanoTime();
            FfmpegCli.run(List.of("-threads", "1", "-i", file.toString(), "-f", "null", "-"), 600);
            best = Math.min(best, (System.nanoTime() - began) / 1e9);
        }
        return best;
    }
}
