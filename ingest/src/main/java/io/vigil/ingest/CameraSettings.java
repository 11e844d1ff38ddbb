package io.vigil.ingest;

import io.vigil.common.config.VigilConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One camera: where to read it and how to sample it. The settings and their ranges are declared in the config
 * schema ({@link VigilConfig.Camera}); this record checks only what the ingest code relies on. Errors name the camera.
 *
 * @param id            camera id, the record key of its frames
 * @param url           rtsp://, http(s):// or another FFmpeg URL, or a video file path (played in a loop, in real time)
 * @param detectFps     frames per second to publish, sampled by capture time
 * @param detectWidth   width the frames are scaled to (aspect ratio kept)
 * @param jpegQuality   1..100
 * @param rtspTransport "tcp" or "udp" (any case; kept in lower case)
 * @param enabled       false = configured but not started
 * @param watchdog      no frame for this long reconnects the camera; null = the service's default
 */
public record CameraSettings(String id, String url, double detectFps, int detectWidth, int jpegQuality,
                           String rtspTransport, boolean enabled, Duration watchdog) {
    private static final Pattern ID = Pattern.compile(VigilConfig.Camera.ID_PATTERN);
    /** The schema's defaults, for a camera given by id and URL alone. */
    private static final VigilConfig.Camera DEFAULTS = new VigilConfig.Camera();

    public CameraSettings {
        id = requireId(id);
        String field = "camera " + id + ": ";
        if (url == null || url.isBlank()) throw new IllegalArgumentException(field + "url is missing");
        requireFps(detectFps, field + "detect fps");
        requireWidth(detectWidth, field + "detect width");
        requireQuality(jpegQuality, field + "JPEG quality");
        rtspTransport = rtspTransport == null ? DEFAULTS.rtspTransport : rtspTransport.toLowerCase(Locale.ROOT);
        if (!rtspTransport.equals("tcp") && !rtspTransport.equals("udp")) {
            throw new IllegalArgumentException(field + "rtsp_transport must be tcp or udp, not '" + rtspTransport + "'");
        }
        if (watchdog != null && (watchdog.isNegative() || watchdog.isZero())) {
            throw new IllegalArgumentException(field + "watchdog must be positive, not " + watchdog);
        }
    }

    public CameraSettings(String id, String url, double detectFps, int detectWidth, int jpegQuality,
                          String rtspTransport, boolean enabled) {
        this(id, url, detectFps, detectWidth, jpegQuality, rtspTransport, enabled, null);
    }

    /** A camera with the schema's default detect settings, enabled. */
    public static CameraSettings of(String id, String url) {
        return new CameraSettings(id, url, DEFAULTS.detect.fps, DEFAULTS.detect.width, DEFAULTS.jpegQuality,
                DEFAULTS.rtspTransport, true);
    }

    /** The URL without userinfo and secret-looking parameters, for logs, status and errors. */
    public String redactedUrl() {
        return io.vigil.common.Redaction.url(url);
    }

    /** Error text of a third-party library (FFmpeg, JavaCV) without this camera's URL secrets. */
    public String redact(String text) {
        return io.vigil.common.Redaction.text(text, url);
    }

    /** Without the URL's secrets. */
    @Override
    public String toString() {
        return "CameraSettings[id=" + id + ", url=" + redactedUrl() + ", detectFps=" + detectFps + ", detectWidth=" + detectWidth
                + ", jpegQuality=" + jpegQuality + ", rtspTransport=" + rtspTransport + ", enabled=" + enabled + ", watchdog=" + watchdog + "]";
    }

    /** Whether {@link #url} is a network stream (scheme://...) rather than a file. */
    public boolean isStream() {
        int scheme = url.indexOf("://");
        return scheme > 0 && !url.regionMatches(true, 0, "file", 0, scheme);
    }

    static String requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id must be 1-64 letters, digits, '_', '.' or '-', not '" + id + "'");
        }
        return id;
    }

    static double requireFps(double fps, String field) {
        if (!(fps > 0)) throw new IllegalArgumentException(field + " must be > 0, not " + fps);
        return fps;
    }

    static int requireWidth(int width, String field) {
        if (width < 1) throw new IllegalArgumentException(field + " must be >= 1, not " + width);
        return width;
    }

    static int requireQuality(int quality, String field) {
        if (quality < 1 || quality > 100) throw new IllegalArgumentException(field + " must be 1..100, not " + quality);
        return quality;
    }
}
