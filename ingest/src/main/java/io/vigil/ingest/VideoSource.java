package io.vigil.ingest;

import io.vigil.common.Redaction;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber.ImageMode;

/**
 * Decodes the video of a file or a network stream with JavaCV's {@link FFmpegFrameGrabber}.
 * Frames come out in the decoder's own pixel format (no conversion): the caller converts only the
 * frames it keeps. Errors are {@link IngestException}s whose message starts with the source's name.
 */
final class VideoSource implements AutoCloseable {
    /** Never matches a stream index: keeps the grabber from opening an audio decoder we do not use. */
    private static final int NO_AUDIO = Integer.MAX_VALUE;

    private final FFmpegFrameGrabber grabber;
    private final String name;
    private final long startMicros;
    private final long frameMicros;
    private long originMicros = Long.MIN_VALUE;
    private long lastPtsMicros = Long.MIN_VALUE;

    private VideoSource(FFmpegFrameGrabber grabber, String name) {
        this.grabber = grabber;
        this.name = name;
        long start = grabber.getFormatContext().start_time();
        this.startMicros = start == AV_NOPTS_VALUE ? Long.MIN_VALUE : start;
        double fps = grabber.getFrameRate();
        this.frameMicros = fps > 0 && fps < 1000 ? Math.round(1e6 / fps) : 40_000;
    }

    /**
     * Opens a video file.
     *
     * @param decodeThreads decoder threads; 0 lets FFmpeg choose
     */
    static VideoSource openFile(Path file, int decodeThreads) {
        String name = file.toString();
        if (!Files.exists(file)) throw new IngestException(name + ": file not found");
        if (!Files.isRegularFile(file)) throw new IngestException(name + ": not a regular file");
        if (!Files.isReadable(file)) throw new IngestException(name + ": not readable (permission denied)");
        FFmpegFrameGrabber grabber = newGrabber(name, decodeThreads);
        try {
            grabber.startUnsafe();
        } catch (Exception e) {
            closeQuietly(grabber);
            String why = MediaProbe.whyNotDecodable(name, null);
            throw new IngestException(name + ": " + (why != null ? why : Ffmpeg.explain(e)), e);
        }
        requireVideo(grabber, name, true);
        return new VideoSource(grabber, name);
    }

    /**
     * Opens a network stream (RTSP, HTTP, ...) with socket timeouts, so a dead or silent camera is
     * noticed within {@code ioTimeout} instead of blocking forever.
     *
     * @param name          how errors name the stream (the URL without its password)
     * @param rtspTransport "tcp" or "udp"
     */
    static VideoSource openStream(String url, String name, String rtspTransport, Duration ioTimeout) {
        FFmpegFrameGrabber grabber = newGrabber(url, 1);
        String timeoutMicros = Long.toString(ioTimeout.toNanos() / 1000);
        String scheme = url.substring(0, Math.max(0, url.indexOf("://"))).toLowerCase(Locale.ROOT);
        if (scheme.startsWith("rtsp")) {
            grabber.setOption("rtsp_transport", rtspTransport);
            grabber.setOption("allowed_media_types", "video");
        }
        // FFmpeg reads this much of a stream to learn its parameters before the first frame comes out;
        // the default 5 s delays every (re)connect and then delivers those frames in one burst
        grabber.setOption("analyzeduration", "1000000");
        if (scheme.startsWith("rtsp") || scheme.startsWith("http")) {
            // FFmpeg 5+ (8 here): "timeout" is the socket I/O timeout of RTSP and HTTP ("stimeout" is gone).
            grabber.setOption("timeout", timeoutMicros);
        } else {
            // the generic I/O timeout of FFmpeg's protocols (tcp, udp, rtmp, srt ...); "timeout" means other things there
            grabber.setOption("rw_timeout", timeoutMicros);
        }
        long began = System.nanoTime();
        try {
            grabber.startUnsafe();
        } catch (Exception e) {
            closeQuietly(grabber);
            Duration waited = Duration.ofNanos(System.nanoTime() - began);
            // JavaCV's messages quote the URL ("... inside \"rtsp://user:pass@...\""): only the redacted text
            // goes on, and not the exception itself, which still holds it
            String why = Redaction.text(Ffmpeg.explain(e), url);
            if (waited.compareTo(ioTimeout.multipliedBy(9).dividedBy(10)) >= 0) {
                why = "no answer within " + seconds(ioTimeout) + " (" + why + ")";
            }
            throw new IngestException(name + ": " + why);
        }
        requireVideo(grabber, name, false);
        return new VideoSource(grabber, name);
    }

    private static FFmpegFrameGrabber newGrabber(String input, int decodeThreads) {
        Ffmpeg.init();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input);
        grabber.setImageMode(ImageMode.RAW);
        grabber.setAudioStream(NO_AUDIO);
        grabber.setVideoOption("threads", Integer.toString(decodeThreads));
        return grabber;
    }

    private static void requireVideo(FFmpegFrameGrabber grabber, String name, boolean isFile) {
        if (grabber.hasVideo() && grabber.getImageWidth() > 0) return;
        closeQuietly(grabber);
        String why = isFile ? MediaProbe.whyNotDecodable(name, null) : null;
        throw new IngestException(name + ": " + (why != null ? why : "no video stream"));
    }

    String name() {
        return name;
    }

    /** The next decoded video frame, or null at the end of the stream (or when the connection ended). */
    DecodedFrame next() {
        Frame frame;
        try {
            frame = grabber.grabFrame(false, true, true, false, false);
        } catch (Exception e) {
            throw new IngestException(name + ": decoding failed (" + Redaction.text(Ffmpeg.explain(e)) + ")");
        }
        if (frame == null || frame.opaque == null) return null;
        AVFrame image = (AVFrame) frame.opaque;
        long pts;
        if (image.best_effort_timestamp() == AV_NOPTS_VALUE) {
            pts = lastPtsMicros == Long.MIN_VALUE ? 0 : lastPtsMicros + frameMicros;
        } else {
            if (originMicros == Long.MIN_VALUE) {
                originMicros = startMicros != Long.MIN_VALUE && startMicros <= frame.timestamp ? startMicros : frame.timestamp;
            }
            pts = frame.timestamp - originMicros;
        }
        lastPtsMicros = pts;
        return new DecodedFrame(image, pts);
    }

    /** The stream's frame rate as the container declares it; 0 when unknown. */
    double frameRate() {
        return grabber.getFrameRate();
    }

    /** Nominal time between frames, from the stream's frame rate. */
    long frameMicros() {
        return frameMicros;
    }

    /**
     * Duration the file declares, in microseconds; 0 when unknown (live streams). The larger of the
     * container's duration and the video stream's frame count times the frame interval: FFmpeg may
     * estimate the former from the file size (truncated AVI), the latter comes from the header.
     */
    long declaredDurationMicros() {
        long container = Math.max(0, grabber.getLengthInTime());
        long frames = grabber.getFormatContext().streams(grabber.getVideoStream()).nb_frames();
        return Math.max(container, Math.max(0, frames) * frameMicros);
    }

    /** The recording's start from its metadata ({@code creation_time}), or null. */
    Instant creationTime() {
        String value = grabber.getMetadata("creation_time");
        if (value == null) value = grabber.getVideoMetadata("creation_time");
        if (value == null) return null;
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    int width() {
        return grabber.getImageWidth();
    }

    int height() {
        return grabber.getImageHeight();
    }

    String codecName() {
        return grabber.getVideoCodecName();
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // nothing useful to do when releasing native resources fails
        }
    }

    static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s)) + " s";
    }
}
