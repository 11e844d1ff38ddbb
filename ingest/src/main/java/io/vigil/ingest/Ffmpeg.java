package io.vigil.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers around the FFmpeg native libraries that JavaCV loads. */
final class Ffmpeg {
    private static final Pattern JAVACV_ERROR = Pattern.compile("error (-\\d+)");

    static {
        // FFmpeg logs every damaged packet to stderr; we report errors ourselves, once per state change.
        // -Dvigil.ffmpeg.loglevel=32 (AV_LOG_INFO) brings its own logs back for diagnosis.
        av_log_set_level(Integer.getInteger("vigil.ffmpeg.loglevel", AV_LOG_FATAL));
    }

    private Ffmpeg() {}

    /** Loads the natives and applies the log level; call before the first use of FFmpeg. */
    static void init() {
        // the static initialiser does the work
    }

    /** FFmpeg's text for an error code, e.g. "Connection refused". */
    static String errorText(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) < 0) return "FFmpeg error " + code;
        int len = 0;
        while (len < buf.length && buf[len] != 0) len++;
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /** Replaces "error -NNN" in a JavaCV exception message by FFmpeg's text for that code. */
    static String explain(Exception javacvError) {
        String message = String.valueOf(javacvError.getMessage());
        Matcher m = JAVACV_ERROR.matcher(message);
        return m.find() ? errorText(Integer.parseInt(m.group(1))) : message;
    }
}
