package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Json;
import io.vigil.common.RecordingSegment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Recorded footage for the sink's tests, made and checked with Debian's ffmpeg/ffprobe (nobody's code of ours):
 * the sample cut into MP4 segments by stream copy, as the recorder writes them.
 */
final class Recorded {
    /** samples/vtest.mp4: H.264 768x576, 10 fps, a keyframe every 2 s. */
    static final Path SAMPLE = Path.of("..", "samples", "vtest.mp4").toAbsolutePath().normalize();
    static final double GOP_SECONDS = 2.0;

    private Recorded() {}

    /** The first {@code seconds} of the sample as ~{@code segmentSeconds} segments (stream copy), announced from {@code start}. */
    static List<RecordingSegment> segments(Path dir, String camera, Instant start, int seconds, int segmentSeconds) throws IOException {
        Files.createDirectories(dir);
        run(List.of("ffmpeg", "-y", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", SAMPLE.toString(),
                "-t", Integer.toString(seconds), "-map", "0:v:0", "-c", "copy", "-f", "segment",
                "-segment_time", Integer.toString(segmentSeconds), "-reset_timestamps", "1",
                dir.resolve("seg%03d.mp4").toString()));
        List<RecordingSegment> out = new ArrayList<>();
        Instant t = start;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("seg")).sorted().toList()) {
                long millis = Math.round(duration(f) * 1000);
                out.add(new RecordingSegment(camera, t, t.plusMillis(millis), f.toString(), Files.size(f), RecordingSegment.SEGMENT));
                t = t.plusMillis(millis);
            }
        }
        return out;
    }

    static void announce(SinkFixture f, RecordingSegment s) {
        f.sendRaw(f.recordingsTopic, s.key(), Json.bytes(s));
    }

    static double duration(Path file) {
        return Double.parseDouble(run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", file.toString())).trim());
    }

    static String codec(Path file) {
        return run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", file.toString())).trim();
    }

    /** Whether the first video frame is a keyframe. */
    static boolean startsOnKeyframe(Path file) {
        String first = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags",
                "-read_intervals", "%+#1", "-of", "csv=p=0", file.toString())).trim();
        return first.startsWith("K");
    }

    /** Size and MD5 of every video packet, in order (ffmpeg's framemd5 muxer on a stream copy). */
    static List<String> packetHashes(Path file) {
        List<String> hashes = new ArrayList<>();
        for (String line : run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", file.toString(),
                "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-")).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split(",");
            hashes.add(f[f.length - 2].trim() + ":" + f[f.length - 1].trim()); // size:md5
        }
        return hashes;
    }

    /**
     * Where the clip's packets lie in the source's, or -1: each packet is the same bytes, except that keyframes
     * may carry FFmpeg's parameter sets (SPS/PPS) in addition (a few dozen bytes more).
     */
    static int runIn(List<String> source, List<String> clip) {
        for (int at = 0; at + clip.size() <= source.size(); at++) {
            boolean all = true;
            for (int i = 0; i < clip.size() && all; i++) all = samePacket(source.get(at + i), clip.get(i));
            if (all) return at;
        }
        return -1;
    }

    private static boolean samePacket(String source, String clip) {
        if (source.equals(clip)) return true;
        long s = Long.parseLong(source.split(":")[0]);
        long c = Long.parseLong(clip.split(":")[0]);
        return c >= s && c - s <= 64 && s > 20_000; // a keyframe with parameter sets added
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s: %s", command, new String(err, StandardCharsets.UTF_8)).isZero();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (apt-get install ffmpeg): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
