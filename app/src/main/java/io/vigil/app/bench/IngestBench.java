package io.vigil.app.bench;

import io.vigil.common.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.vigil.ingest.FilePlayback;

/**
 * Benchmark of the ingest path (not a timed test): {@code vigil bench ingest FILE}.
 * <ol>
 *   <li>Decode only, one thread: frames/s of our path (JavaCV/FFmpeg, no conversion) against the
 *       FFmpeg command line ({@code ffmpeg -threads 1 -i FILE -f null -}) on the same file in the same
 *       run, as a ratio; best of several alternating runs, as the CPU may be shared.</li>
 *   <li>The full path a camera runs (decode + sample to 5 fps + scale to 640 + JPEG + publish to
 *       Kafka, with the producer's own thread counted), as CPU-seconds per camera-hour.</li>
 * </ol>
 * By default the file is first re-encoded to 1280x720 and 1920x1080 H.264 (like a camera: GOP 20,
 * no B-frames) with the ffmpeg command line, and each is measured.
 */
public final class IngestBench {
    /** One file's numbers. */
    public record Result(Path file, int width, int height, long frames, double ourDecodeFps, double ffmpegDecodeFps,
                         double fullPathCpuSecondsPerCameraHour, long framesPublished, boolean published) {
        public double ratio() {
            return ourDecodeFps / ffmpegDecodeFps;
        }
    }

    private static final int RUNS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private IngestBench() {}

    /**
     * Measures {@code file} (or its re-encodes at {@code heights}; empty = the file as it is).
     *
     * @param seconds        only the first this many seconds (0 = all)
     * @param producerConfig where the full path publishes; null = measure it without publishing
     */
    public static List<Result> run(Path file, List<Integer> heights, double seconds, Map<String, Object> producerConfig,
                                   PrintStream out) throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        Path dir = Files.createTempDirectory("vigil-bench");
        try {
            if (heights.isEmpty()) {
                files.add(file);
            } else {
                for (int h : heights) {
                    out.printf("re-encoding %s to %dp H.264 ...%n", file, h);
                    files.add(reencode(file, h, seconds, dir));
                }
            }
            List<Result> results = new ArrayList<>();
            for (Path f : files) {
                Result r = measure(f, producerConfig);
                results.add(r);
                out.printf(Locale.ROOT, "%s %dx%d, %d frames: decode %.0f frames/s vs ffmpeg -threads 1 %.0f frames/s"
                                + " = %.2fx; full path at 5 fps: %.0f CPU-s per camera-hour (%s)%n",
                        f.getFileName(), r.width(), r.height(), r.frames(), r.ourDecodeFps(), r.ffmpegDecodeFps(), r.ratio(),
                        r.fullPathCpuSecondsPerCameraHour(),
                        r.published() ? r.framesPublished() + " frames published to Kafka" : "not published: no --bootstrap");
            }
            return results;
        } finally {
            try (var paths = Files.list(dir)) {
                for (Path p : paths.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    static Result measure(Path file, Map<String, Object> producerConfig) throws IOException, InterruptedException {
        double ours = 0;
        double theirs = 0;
        long frames = 0;
        int[] size = FilePlayback.size(file);
        int width = size[0];
        int height = size[1];
        for (int run = 0; run < RUNS; run++) {
            long began = System.nanoTime();
            frames = FilePlayback.decodeAll(file);
            ours = Math.max(ours, frames / ((System.nanoTime() - began) / 1e9));
            theirs = Math.max(theirs, frames / ffmpegDecodeSeconds(file));
        }
        FullPath full = fullPath(file, producerConfig);
        return new Result(file, width, height, frames, ours, theirs, full.cpuSecondsPerHour, full.published, producerConfig != null);
    }

    private static double ffmpegDecodeSeconds(Path file) throws IOException, InterruptedException {
        long began = System.nanoTime();
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-threads", "1", "-i", file.toString(), "-f", "null", "-")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IOException("ffmpeg failed on " + file);
        return (System.nanoTime() - began) / 1e9;
    }

    private record FullPath(double cpuSecondsPerHour, long published) {}

    /** What a camera does per frame (ingest's own loop), on this thread with one decoder thread, plus the producer's I/O thread. */
    private static FullPath fullPath(Path file, Map<String, Object> producerConfig) throws InterruptedException {
        String clientId = "vigil-ingest-bench";
        long[] producerCpu = {0};
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        FilePlayback.Played played = FilePlayback.play(file, producerConfig, clientId, topic(),
                () -> producerCpu[0] = producerThreadCpu(clientId));
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore + producerCpu[0];
        double hours = played.mediaMicros() / 1e6 / 3600;
        return new FullPath(cpu / 1e9 / hours, played.published());
    }

    private static long producerThreadCpu(String clientId) {
        long cpu = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kafka-producer-network-thread | " + clientId)) cpu += THREADS.getThreadCpuTime(t.getId());
        }
        return cpu;
    }

    /**
     * An H.264 re-encode of {@code file} at a camera's 16:9 size with {@code height} lines (1280x720,
     * 1920x1080; the picture is stretched if the source is not 16:9), made like a camera stream.
     */
    public static Path reencode(Path file, int height, double seconds, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve(height + "p.mp4");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-y", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-i", file.toString()));
        if (seconds > 0) cmd.addAll(List.of("-t", Double.toString(seconds)));
        cmd.addAll(List.of("-vf", "scale=" + (height * 16 / 9 / 2 * 2) + ":" + height + ":flags=bicubic,setsar=1", "-c:v", "libx264", "-preset", "veryfast",
                "-crf", "23", "-g", "20", "-bf", "0", "-pix_fmt", "yuv420p", "-an", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("ffmpeg could not re-encode " + file + " (apt-get install ffmpeg): " + log);
        }
        return out;
    }

    /** The topic the bench publishes to (kept apart from the real frames topic). */
    static String topic() {
        return Topics.FRAMES + ".bench";
    }
}
