package io.vigil.ingest;

import io.vigil.common.RecordingSegment;
import io.vigil.common.media.FfmpegCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera to fixed-length MP4 segments without re-encoding, as Frigate does: a supervised
 * {@code ffmpeg -c copy -f segment} process (the executable inside the bytedeco jar) writes
 * {@code ROOT/<camera>/.partial/}, and every finished segment is moved to {@code ROOT/<camera>/<yyyy-MM-dd>/HH-mm-ss.SSS.mp4}
 * and announced. When the camera goes away, or nothing is written for a while, ffmpeg is restarted with the
 * camera's backoff. A recordings directory that is missing, not writable or full is reported as "failed"
 * with the reason, and retried.
 */
final class SegmentRecorder implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SegmentRecorder.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PARTIAL = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern PARTIAL_NAME = Pattern.compile("(\\d{8}-\\d{6})\\.mp4$");
    /** Below this much free space a recorder does not start: ffmpeg would fail mid-segment. */
    static final long MIN_FREE_BYTES = 64L << 20;

    private final CameraSettings camera;
    private final Path root;
    private final int segmentSeconds;
    private final CameraWorker.Timing timing;
    private final Consumer<RecordingSegment> announce;
    private final long minFreeBytes;
    private volatile boolean stopped;
    private volatile Process process;
    private volatile Thread thread;
    private volatile RecorderStatus status;
    private long segments;
    private Instant lastSegmentAt;

    SegmentRecorder(CameraSettings camera, Path root, int segmentSeconds, CameraWorker.Timing timing,
                    Consumer<RecordingSegment> announce, long minFreeBytes) {
        this.camera = camera;
        this.root = root.toAbsolutePath().normalize();
        this.segmentSeconds = segmentSeconds;
        this.timing = timing;
        this.announce = announce;
        this.minFreeBytes = minFreeBytes;
        this.status = new RecorderStatus(camera.id(), RecorderStatus.STARTING, null, 0, null);
    }

    RecorderStatus status() {
        return status;
    }

    Path cameraDir() {
        return root.resolve(camera.id());
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        Backoff backoff = new Backoff(timing.backoffInitial(), timing.backoffMax());
        try {
            while (!stopped) {
                String problem = storageProblem();
                if (problem != null) {
                    setStatus(RecorderStatus.FAILED, problem);
                } else {
                    long began = System.nanoTime();
                    String ended = recordOnce();
                    if (stopped) break;
                    setStatus(RecorderStatus.RECONNECTING, ended);
                    if (System.nanoTime() - began >= timing.healthyAfter().toNanos()) backoff.reset();
                }
                Thread.sleep(backoff.next().toMillis());
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            setStatus(RecorderStatus.STOPPED, null);
        }
    }

    void stop() {
        stopped = true;
        Process p = process;
        if (p != null) p.destroy(); // SIGTERM: ffmpeg finishes the segment in hand
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    /** Why nothing can be recorded to the directory now (not creatable, not writable, full), or null. */
    String storageProblem() {
        Path dir = cameraDir().resolve(".partial");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return "camera " + camera.id() + ": recordings directory " + dir + " cannot be created: " + e;
        }
        if (!Files.isWritable(dir)) return "camera " + camera.id() + ": recordings directory " + dir + " is not writable";
        try {
            FileStore store = Files.getFileStore(dir);
            long free = store.getUsableSpace();
            if (free < minFreeBytes) {
                return String.format(Locale.ROOT, "camera %s: disk full: %d MB free in %s, recording needs %d MB",
                        camera.id(), free >> 20, dir, minFreeBytes >> 20);
            }
        } catch (IOException e) {
            return "camera " + camera.id() + ": cannot read free space of " + dir + ": " + e.getMessage();
        }
        return null;
    }

    /** One ffmpeg run; returns why it ended. */
    private String recordOnce() throws InterruptedException {
        Path partial = cameraDir().resolve(".partial");
        clean(partial);
        List<String> args = new ArrayList<>();
        if (camera.isStream() && camera.url().startsWith("rtsp")) {
            args.addAll(List.of("-rtsp_transport", camera.rtspTransport(),
                    "-timeout", Long.toString(timing.ioTimeout().toNanos() / 1000)));
        }
        if (!camera.isStream()) args.addAll(List.of("-re", "-stream_loop", "-1"));
        args.addAll(List.of("-i", camera.url(), "-map", "0:v:0", "-c", "copy",
                "-f", "segment", "-segment_time", Integer.toString(segmentSeconds), "-segment_format", "mp4",
                "-reset_timestamps", "1", "-strftime", "1",
                "-segment_list", "pipe:1", "-segment_list_type", "csv",
                partial.resolve("%Y%m%d-%H%M%S.mp4").toString()));
        ProcessBuilder pb = new ProcessBuilder(FfmpegCli.command(args));
        pb.environment().put("TZ", "UTC");
        Deque<String> errors = new ArrayDeque<>();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return "camera " + camera.id() + ": cannot start ffmpeg: " + e.getMessage();
        }
        process = p;
        Thread stderr = new Thread(() -> keepLastLines(p, errors), "recorder-stderr-" + camera.id());
        stderr.setDaemon(true);
        stderr.start();
        Watchdog watchdog = new Watchdog(p);
        watchdog.start();
        try (BufferedReader list = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            Anchor anchor = new Anchor();
            String line;
            while ((line = list.readLine()) != null) {
                watchdog.progress();
                finished(line, anchor, partial);
            }
        } catch (IOException e) {
            // ffmpeg went away; its exit says why
        } finally {
            watchdog.interrupt();
        }
        p.waitFor();
        stderr.join(1000);
        process = null;
        if (stopped) return null;
        String why;
        synchronized (errors) {
            why = !errors.isEmpty() ? String.join("; ", errors)
                    : p.exitValue() == 0 ? "stream ended (closed by the camera)" : "ffmpeg exited with " + p.exitValue();
        }
        if (watchdog.fired) why = "no segment for " + watchdog.limit.toSeconds() + " s";
        if (why.contains("No space left")) why = "disk full: no space left in " + partial + " (" + why + ")";
        return "camera " + camera.id() + ": " + redact(why);
    }

    /** Maps ffmpeg's stream times to wall-clock times within one run: the first segment's file name gives its start. */
    private static final class Anchor {
        Instant wallStart;
        double streamStart;
    }

    /** A line "path,start,end" of ffmpeg's segment list: move the segment to its day folder and announce it. */
    private void finished(String line, Anchor anchor, Path partial) {
        String[] f = line.split(",");
        if (f.length < 3) return;
        Path file = partial.resolve(Path.of(f[0]).getFileName().toString());
        double from = Double.parseDouble(f[1]);
        double to = Double.parseDouble(f[2]);
        Matcher m = PARTIAL_NAME.matcher(f[0]);
        if (anchor.wallStart == null) {
            if (!m.find()) return;
            anchor.wallStart = PARTIAL.parse(m.group(1), Instant::from);
            anchor.streamStart = from;
        }
        Instant start = anchor.wallStart.plusMillis(Math.round((from - anchor.streamStart) * 1000));
        Instant end = anchor.wallStart.plusMillis(Math.round((to - anchor.streamStart) * 1000));
        Path target = cameraDir().resolve(DAY.format(start)).resolve(TIME.format(start) + ".mp4");
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long bytes = Files.size(target);
            synchronized (this) {
                segments++;
                lastSegmentAt = end;
            }
            setStatus(RecorderStatus.RECORDING, null);
            announce.accept(new RecordingSegment(camera.id(), start, end, target.toString(), bytes, RecordingSegment.SEGMENT));
        } catch (IOException e) {
            log.warn("Camera {}: cannot move segment {} to {}: {}", camera.id(), file, target, e.toString());
        }
    }

    private synchronized void setStatus(String state, String error) {
        RecorderStatus old = status;
        status = new RecorderStatus(camera.id(), state, error, segments, lastSegmentAt);
        if (old.state().equals(state) && java.util.Objects.equals(old.error(), error)) return;
        if (error == null) {
            log.info("Camera {}: recorder {} ({} s segments in {})", camera.id(), state, segmentSeconds, cameraDir());
        } else {
            log.warn("Recorder {}: {}", state, error);
        }
    }

    private void keepLastLines(Process p, Deque<String> errors) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (errors) {
                    errors.addLast(line.strip());
                    while (errors.size() > 3) errors.removeFirst();
                }
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    private String redact(String text) {
        return text.replace(camera.url(), camera.redactedUrl());
    }

    private static void clean(Path partial) {
        try (var files = Files.list(partial)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // left for the next start
        }
    }

    /** Kills an ffmpeg that has written no segment for three segment lengths plus the I/O timeout (a hung camera). */
    private final class Watchdog extends Thread {
        final Process p;
        final Duration limit = Duration.ofSeconds(3L * segmentSeconds).plus(timing.ioTimeout());
        volatile long lastNanos = System.nanoTime();
        volatile boolean fired;

        Watchdog(Process p) {
            super("recorder-watchdog-" + camera.id());
            setDaemon(true);
            this.p = p;
        }

        void progress() {
            lastNanos = System.nanoTime();
        }

        @Override
        public void run() {
            try {
                while (p.isAlive()) {
                    Thread.sleep(500);
                    if (System.nanoTime() - lastNanos > limit.toNanos()) {
                        fired = true;
                        p.destroyForcibly();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // run ended
            }
        }
    }
}
