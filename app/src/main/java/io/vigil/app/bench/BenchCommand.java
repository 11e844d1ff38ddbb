package io.vigil.app.bench;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.config.VigilConfig;
import io.vigil.app.ConfigOption;
import io.vigil.app.UpCommand;
import io.vigil.vision.ModelSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Benchmarks: each prints its table to stdout and its progress to stderr. */
@Command(name = "bench", description = "Benchmarks that print ratios against a baseline measured in the same run.",
        subcommands = {BenchCommand.Detect.class, BenchCommand.Ingest.class, BenchCommand.Detector.class,
                BenchCommand.Capacity.class, BenchCommand.ReplaySpeed.class})
public final class BenchCommand {

    @Command(name = "detect", description = "Median ms of the whole detect call vs the raw ONNX Runtime run on the same tensor.")
    static final class Detect implements Callable<Integer> {
        @Option(names = "--models", split = ",", defaultValue = "nanodet,centernet,yolov5s",
                description = "Models to measure; NAME@SIZE for another input size, e.g. nanodet@320 (default: ${DEFAULT-VALUE}).")
        List<String> models;
        @Option(names = "--runs", defaultValue = "30") int runs;
        @Option(names = "--threads", defaultValue = "2") int threads;
        @Parameters(paramLabel = "IMAGE", arity = "0..*") List<Path> images;

        @Override
        public Integer call() {
            List<Path> input = images == null || images.isEmpty()
                    ? List.of(UpCommand.sampleFootage().resolveSibling("images").resolve("person.jpg"),
                              UpCommand.sampleFootage().resolveSibling("images").resolve("dog.jpg"))
                    : images;
            var rows = DetectBench.run(models, input, runs, ModelSettings.defaults().withIntraOpThreads(threads));
            System.out.println(DetectBench.table(rows, threads));
            return 0;
        }
    }

    @Command(name = "ingest", description = "Decode frames/s vs `ffmpeg -threads 1` on the same file, and the full"
            + " ingest path's CPU-seconds per camera-hour at detect fps 5, publishing to Kafka.")
    static final class Ingest implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Video file (default: the sample footage).")
        Path file;

        @Option(names = "--heights", defaultValue = "720,1080", paramLabel = "H,H|none",
                description = "Re-encode to these 16:9 H.264 sizes first and measure each (none: the file as it is; default: ${DEFAULT-VALUE}).")
        String heights;

        @Option(names = "--seconds", defaultValue = "0", description = "Only the first N seconds of the file (0 = all).")
        double seconds;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Kafka to publish to (default: an embedded broker in a temporary directory).")
        String bootstrap;

        @Override
        public Integer call() throws Exception {
            Path input = file != null ? file : UpCommand.sampleFootage();
            if (!Files.isRegularFile(input)) throw new IllegalArgumentException("video file not found: " + input);
            List<Integer> sizes = new ArrayList<>();
            if (!heights.equalsIgnoreCase("none")) {
                for (String h : heights.split(",")) sizes.add(Integer.parseInt(h.trim()));
            }
            List<IngestBench.Result> results;
            if (bootstrap != null) {
                results = IngestBench.run(input, sizes, seconds, Map.of("bootstrap.servers", bootstrap), System.err);
            } else {
                try (BenchWorkspace ws = BenchWorkspace.create();
                     EmbeddedKafka broker = EmbeddedKafka.singleNode(ws.dir("kafka"), 0)) {
                    System.err.println("bench ingest: embedded broker at " + broker.bootstrapServers());
                    results = IngestBench.run(input, sizes, seconds, Map.of("bootstrap.servers", broker.bootstrapServers()), System.err);
                }
            }
            System.out.print(table(results));
            return 0;
        }

        static String table(List<IngestBench.Result> results) {
            StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-10s %7s %11s %11s %7s %16s %10s%n",
                    "size", "frames", "ours fps", "ffmpeg fps", "ratio", "CPU-s/cam-hour", "published"));
            for (IngestBench.Result r : results) {
                t.append(String.format(Locale.ROOT, "%-10s %7d %11.0f %11.0f %6.2fx %16.0f %10d%n",
                        r.width() + "x" + r.height(), r.frames(), r.ourDecodeFps(), r.ffmpegDecodeFps(), r.ratio(),
                        r.fullPathCpuSecondsPerCameraHour(), r.framesPublished()));
            }
            t.append(String.format(Locale.ROOT, "(decode only, one thread, best of 3 alternating runs: ours = JavaCV/FFmpeg,"
                    + " ffmpeg = `ffmpeg -threads 1 -i FILE -f null -`; target ratio >= 0.9. Full path = decode + sample to"
                    + " 5 fps + scale to 640 + JPEG + publish, producer thread included; %d cores)%n",
                    Runtime.getRuntime().availableProcessors()));
            return t.toString();
        }
    }

    @Command(name = "detector", description = "Detector frames/s vs raw ONNX Runtime inference, motion-gate skip share,"
            + " alert latency p50/p95; single-node mode on the sample footage.")
    static final class Detector implements Callable<Integer> {
        @Mixin ConfigOption config;

        @Option(names = "--seconds", defaultValue = "40", description = "Seconds of footage per measurement (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--threads", description = "Intra-op threads of the model (default: detector.threads of the config).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            var result = BenchDetector.run(configs(config, threads), footage(), seconds, System.err);
            System.out.print(result.table());
            return 0;
        }
    }

    @Command(name = "capacity", description = "How many 720p cameras at detect fps 5 one node keeps up with:"
            + " CPU, frames behind, alert latency per camera count; single-node mode.")
    static final class Capacity implements Callable<Integer> {
        @Mixin ConfigOption config;

        @Option(names = "--cameras", split = ",", defaultValue = "1,2,4,8,16", description = "Camera counts to try, in order, until one does not keep up; then the largest K that does is bisected (default: ${DEFAULT-VALUE}).")
        List<Integer> cameras;

        @Option(names = "--seconds", defaultValue = "30", description = "Seconds of footage per camera count (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--fps", defaultValue = "5", description = "Detect fps of every camera (default: ${DEFAULT-VALUE}).")
        double fps;

        @Option(names = "--threads", description = "Intra-op threads of the model (default: detector.threads of the config).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            var result = BenchCapacity.run(configs(config, threads), footage(), cameras, seconds, fps, System.err);
            System.out.print(result.table());
            return 0;
        }
    }

    @Command(name = "replay", description = "Investigator throughput: times faster than real time Vigil analyses a quiet"
            + " and a busy recording, vs the `ffmpeg -threads 1` decode ceiling and raw inference, measured in the same run.")
    static final class ReplaySpeed implements Callable<Integer> {
        @Mixin ConfigOption config;

        @Option(names = "--seconds", defaultValue = "0", description = "Seconds of the sample per recording (0 = all of it, 79.5 s).")
        double seconds;

        @Option(names = "--rounds", defaultValue = "3", description = "Rounds of measurements; the table gives the median round and the spread (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--threads", description = "Intra-op threads of the model (default: detector.threads of the config).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            System.out.print(BenchReplay.run(configs(config, threads), footage(), seconds, rounds, System.err).table());
            return 0;
        }
    }

    /** A fresh config per node (each benchmark node changes its copy). */
    private static Supplier<VigilConfig> configs(ConfigOption option, Integer threads) {
        return () -> {
            VigilConfig c = option.load();
            if (threads != null) c.detector.threads = threads;
            return c;
        };
    }

    private static Path footage() {
        Path f = UpCommand.sampleFootage();
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("sample footage not found: " + f + " (set -Dvigil.home)");
        return f;
    }
}
