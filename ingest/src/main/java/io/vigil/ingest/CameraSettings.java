package io.vigil.ingest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One camera: where to read it and how to sample it. Validation errors name the camera and field.
 *
 * @param id            camera id, the record key of its frames (letters, digits, '.', '_', '-')
 * @param url           rtsp://, http(s):// or another FFmpeg URL, or a video file path (played in a loop, in real time)
 * @param detectFps     frames per second to publish, sampled by capture time
 * @param detectWidth   width the frames are scaled to (aspect ratio kept)
 * @param jpegQuality   1..100
 * @param rtspTransport "tcp" or "udp"
 * @param enabled       false = configured but not started
 */
public record CameraSettings(String id, String url, double detectFps, int detectWidth, int jpegQuality,
                           String rtspTransport, boolean enabled) {
    public static final double DEFAULT_DETECT_FPS = 5;
    public static final int DEFAULT_DETECT_WIDTH = 640;
    public static final int DEFAULT_JPEG_QUALITY = 80;
    public static final String DEFAULT_RTSP_TRANSPORT = "tcp";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]*):[^@/]*@");

    public CameraSettings {
        id = requireId(id);
        String field = "camera " + id + ": ";
        if (url == null || url.isBlank()) throw new IllegalArgumentException(field + "url is missing");
        requireFps(detectFps, field + "detect fps");
        requireWidth(detectWidth, field + "detect width");
        requireQuality(jpegQuality, field + "JPEG quality");
        rtspTransport = rtspTransport == null ? DEFAULT_RTSP_TRANSPORT : rtspTransport.toLowerCase(Locale.ROOT);
        if (!rtspTransport.equals("tcp") && !rtspTransport.equals("udp")) {
            throw new IllegalArgumentException(field + "rtsp_transport must be tcp or udp, not '" + rtspTransport + "'");
        }
    }

    /**
     * From a config file entry ({@code cameras:} in vigil.yml), in snake_case or camelCase; absent
     * fields take the defaults.
     */
    @JsonCreator
    public static CameraSettings fromConfig(
            @JsonProperty("id") String id,
            @JsonProperty("url") String url,
            @JsonProperty("detect_fps") @JsonAlias("detectFps") Double detectFps,
            @JsonProperty("detect_width") @JsonAlias("detectWidth") Integer detectWidth,
            @JsonProperty("jpeg_quality") @JsonAlias("jpegQuality") Integer jpegQuality,
            @JsonProperty("rtsp_transport") @JsonAlias("rtspTransport") String rtspTransport,
            @JsonProperty("enabled") Boolean enabled) {
        return new CameraSettings(id, url,
                detectFps == null ? DEFAULT_DETECT_FPS : detectFps,
                detectWidth == null ? DEFAULT_DETECT_WIDTH : detectWidth,
                jpegQuality == null ? DEFAULT_JPEG_QUALITY : jpegQuality,
                rtspTransport, enabled == null || enabled);
    }

    /** A camera with the default detect settings (5 fps, 640 wide, JPEG quality 80, RTSP over TCP), enabled. */
    public static CameraSettings of(String id, String url) {
        return new CameraSettings(id, url, DEFAULT_DETECT_FPS, DEFAULT_DETECT_WIDTH, DEFAULT_JPEG_QUALITY, DEFAULT_RTSP_TRANSPORT, true);
    }

    /** The URL with any password replaced by "***", for logs and status. */
    public String redactedUrl() {
        return PASSWORD.matcher(url).replaceFirst("$1:***@");
    }

    /** Whether {@link #url} is a network stream (scheme://...) rather than a file. */
    public boolean isStream() {
        int scheme = url.indexOf("://");
        return scheme > 0 && !url.regionMatches(true, 0, "file", 0, scheme);
    }

    static String requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id must be 1-64 letters, digits, '.', '_' or '-', not '" + id + "'");
        }
        return id;
    }

    static double requireFps(double fps, String field) {
        if (!(fps > 0 && fps <= 120)) throw new IllegalArgumentException(field + " must be in (0, 120], not " + fps);
        return fps;
    }

    static int requireWidth(int width, String field) {
        if (width < 16 || width > 7680) throw new IllegalArgumentException(field + " must be 16..7680, not " + width);
        return width;
    }

    static int requireQuality(int quality, String field) {
        if (quality < 1 || quality > 100) throw new IllegalArgumentException(field + " must be 1..100, not " + quality);
        return quality;
    }
}
