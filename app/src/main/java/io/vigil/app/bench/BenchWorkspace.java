package io.vigil.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A benchmark's temporary directory (broker data, SQLite file, clips), deleted on close, and the clips of
 * the footage it needs, made with the ffmpeg command line.
 */
final class BenchWorkspace implements AutoCloseable {
    final Path dir;

    private BenchWorkspace(Path dir) {
        this.dir = dir;
    }

    static BenchWorkspace create() throws IOException {
        return new BenchWorkspace(Files.createTempDirectory("vigil-bench"));
    }

    /** A sub-directory, e.g. a single node's data directory. */
    Path dir(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** The first {@code seconds} of the file, stream-copied (no re-encode). */
    Path trimmed(Path file, double seconds, String name) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".mp4");
        ffmpeg(file, "-i", file.toString(), "-t", num(seconds), "-c", "copy", "-an", out.toString());
        return out;
    }

    /** The footage re-encoded like a 1280x720 H.264 camera stream (as {@code vigil bench ingest} does), first {@code seconds}. */
    Path hd720(Path file, double seconds) throws IOException, InterruptedException {
        return IngestBench.reencode(file, 720, seconds, dir);
    }

    /**
     * A quiet stretch: the file's first frame repeated for {@code seconds} at 10 frames/s, with light
     * temporal noise like a camera sensor's, as H.264.
     */
    Path still(Path file, double seconds) throws IOException, InterruptedException {
        Path png = dir.resolve("still.png");
        ffmpeg(file, "-i", file.toString(), "-frames:v", "1", png.toString());
        Path out = dir.resolve("still.mp4");
        ffmpeg(file, "-loop", "1", "-framerate", "10", "-t", num(seconds), "-i", png.toString(),
                "-vf", "noise=alls=8:allf=t,format=yuv420p", "-c:v", "libx264", "-preset", "veryfast",
                "-g", "20", "-bf", "0", out.toString());
        return out;
    }

    /** {@code count} JPEG frames, one every {@code step} frames from the start, scaled to {@code width} (the detect width). */
    List<Path> frames(Path file, int count, int step, int width) throws IOException, InterruptedException {
        Path pattern = dir.resolve("frame-%02d.jpg");
        ffmpeg(file, "-i", file.toString(), "-vf", "select=not(mod(n\\," + step + ")),scale=" + width + ":-2",
                "-fps_mode", "vfr", "-frames:v", Integer.toString(count), "-q:v", "3", pattern.toString());
        List<Path> frames = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path f = dir.resolve(String.format(Locale.ROOT, "frame-%02d.jpg", i));
            if (Files.isRegularFile(f)) frames.add(f);
        }
        if (frames.isEmpty()) throw new IOException("ffmpeg extracted no frame from " + file);
        return frames;
    }

    private static void ffmpeg(Path input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-y", "-hide_banner", "-nostdin", "-loglevel", "error"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed on " + input + " (apt-get install ffmpeg): " + log.strip());
        }
    }

    private static String num(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
