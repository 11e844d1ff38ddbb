package io.vigil.common.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The FFmpeg executable that ships inside the bytedeco ffmpeg jar (no Debian package needed),
 * or the one named by {@code -Dvigil.ffmpeg=PATH}. Used for stream copy (recording, clips, export): never re-encodes.
 */
public final class FfmpegCli {
    private static volatile String executable;

    private FfmpegCli() {}

    /** Path of the ffmpeg executable (extracted from the jar on first use). */
    public static String executable() {
        String e = executable;
        if (e == null) {
            synchronized (FfmpegCli.class) {
                e = executable;
                if (e == null) {
                    String configured = System.getProperty("vigil.ffmpeg");
                    e = configured != null ? configured : Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
                    executable = e;
                }
            }
        }
        return e;
    }

    /** {@code ffmpeg -hide_banner -nostdin -loglevel error} followed by {@code args}. */
    public static List<String> command(List<String> args) {
        List<String> c = new ArrayList<>(List.of(executable(), "-hide_banner", "-nostdin", "-loglevel", "error"));
        c.addAll(args);
        return c;
    }

    /** Runs ffmpeg to completion; throws with its error output when it fails or takes longer than {@code timeoutSeconds}. */
    public static void run(List<String> args, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg took longer than " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffmpeg " + executable(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ffmpeg", e);
        }
    }

    private static java.io.File nullFile() {
        return Path.of("/dev/null").toFile();
    }
}
