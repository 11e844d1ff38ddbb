package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repo's sample footage, and Debian's ffmpeg/ffprobe CLI to cut clips and to cross-check our decoding. */
final class Footage {
    /** samples/vtest.mp4: real pedestrian footage, 768x576, 10 fps, 79.5 s, H.264 (see samples/SOURCE.md). */
    static final Path SAMPLE = Path.of("..", "samples", "vtest.mp4").toAbsolutePath().normalize();

    private Footage() {}

    /** The first {@code seconds} of the sample, re-encoded like a camera (H.264, GOP 20, no B-frames). */
    static Path clip(Path dir, String name, double seconds, String... extraOutputArgs) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-i", SAMPLE.toString(), "-t", Double.toString(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-g", "20", "-bf", "0", "-pix_fmt", "yuv420p", "-an"));
        args.addAll(List.of(extraOutputArgs));
        args.add(out.toString());
        ffmpeg(args.toArray(String[]::new));
        return out;
    }

    /** Runs the ffmpeg CLI (-y, errors only) and returns its stderr. */
    static String ffmpeg(String... args) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-y", "-hide_banner", "-nostdin"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Frames ffprobe decodes from the first video stream ({@code -count_frames}). */
    static long ffprobeDecodedFrames(Path file) {
        String out = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()));
        return Long.parseLong(out.trim().lines().reduce((a, b) -> b).orElseThrow().trim());
    }

    /** Frames ffmpeg's own fps filter keeps when it resamples the file to {@code fps}. */
    static long ffmpegFramesAtFps(Path file, double fps) {
        String log = run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-i", file.toString(), "-vf", "fps=" + fps,
                "-f", "null", "-"));
        Matcher m = Pattern.compile("frame=\\s*(\\d+)").matcher(log);
        long last = -1;
        while (m.find()) last = Long.parseLong(m.group(1));
        assertThat(last).as("ffmpeg frame count in: %s", log).isPositive();
        return last;
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s failed: %s", command, text).isZero();
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (apt-get install ffmpeg): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies {@code file} with its bytes from {@code keep} of its length on cut off. */
    static Path truncated(Path file, Path out, double keep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(out, java.util.Arrays.copyOf(bytes, (int) (bytes.length * keep)));
        return out;
    }
}
