package io.vigil.ingest;

import io.vigil.common.CameraState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs one camera on its own thread: connect, decode, sample by capture time, scale, JPEG,
 * publish; on any failure reconnect with exponential backoff. A stream that delivers no frame for
 * the watchdog time is reported at once (by {@link #checkWatchdog}, from another thread, even while
 * this thread is blocked in FFmpeg) and reconnected. A file "camera" plays in real time, looping.
 */
final class CameraWorker implements Runnable {
    /** Timing settings shared by all cameras of a service. */
    record Timing(Duration watchdog, Duration ioTimeout, Duration backoffInitial, Duration backoffMax, Duration healthyAfter) {}

    private final CameraSettings camera;
    private final Timing timing;
    private final FramePublisher publisher;
    private final CameraStatusTracker status;
    private final LiveClock clock = new LiveClock();
    private volatile boolean stopped;
    private volatile boolean stale;
    private volatile long lastFrameNanos;
    private volatile Thread thread;

    CameraWorker(CameraSettings camera, Timing timing, FramePublisher publisher, CameraStatusTracker status) {
        this.camera = camera;
        this.timing = timing;
        this.publisher = publisher;
        this.status = status;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        Backoff backoff = new Backoff(timing.backoffInitial(), timing.backoffMax());
        try (JpegFrameEncoder encoder = new JpegFrameEncoder(camera.detectWidth(), camera.jpegQuality())) {
            while (!stopped) {
                Session session = new Session(encoder);
                String ended = session.run();
                if (stopped) break;
                if (ended == null) continue; // a file camera reached its end: play it again
                if (session.onlineSinceNanos != 0) {
                    status.reconnecting(ended);
                    if (System.nanoTime() - session.onlineSinceNanos >= timing.healthyAfter().toNanos()) backoff.reset();
                } else {
                    status.offline(ended);
                }
                Thread.sleep(backoff.next().toMillis());
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Called periodically from the watchdog thread: a stream without frames for too long is reported and dropped. */
    void checkWatchdog() {
        if (status.state() != CameraState.ONLINE) return;
        long silent = System.nanoTime() - lastFrameNanos;
        if (silent > timing.watchdog().toNanos()) {
            stale = true;
            status.reconnecting("no frame for " + VideoSource.seconds(timing.watchdog()));
        }
    }

    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    /** One connection: from opening the source until it ends, fails or goes stale. */
    private final class Session implements FrameLoop.Events {
        final JpegFrameEncoder encoder;
        long onlineSinceNanos;
        VideoSource source;

        Session(JpegFrameEncoder encoder) {
            this.encoder = encoder;
        }

        /** Why the stream ended (null: a file reached its end, or we were stopped). */
        String run() throws InterruptedException {
            stale = false;
            clock.newConnection(System.currentTimeMillis() * 1000);
            try (VideoSource opened = open()) {
                source = opened;
                // a file "camera" plays in real time; a live stream comes at its own pace
                FrameLoop loop = new FrameLoop(new FrameSampler(camera.detectFps()), camera.isStream() ? null : new Pacer(1),
                        encoder, t -> Instant.ofEpochMilli(clock.captureMillis(t, System.currentTimeMillis() * 1000)),
                        FrameLoop.Delivery.dropping(publisher), this);
                loop.play(opened, 0, () -> !stopped && !stale);
                if (stale) return "no frame for " + VideoSource.seconds(timing.watchdog());
                if (stopped) return null;
                return camera.isStream() ? whyEnded(loop.lastReadNanos()) : null;
            } catch (IngestException e) {
                return e.getMessage();
            }
        }

        @Override
        public void decoded(DecodedFrame frame, long timelineMicros) {
            lastFrameNanos = System.nanoTime();
            if (onlineSinceNanos == 0) {
                onlineSinceNanos = lastFrameNanos;
                status.online(source.width() + "x" + source.height() + " " + source.codecName()
                        + " from " + camera.redactedUrl());
            }
        }

        @Override
        public void delivered(Instant captureTime) {
            status.framePublished(captureTime);
        }

        /** A read that gave up after the I/O timeout means silence; a quick end means the camera closed the stream. */
        private String whyEnded(long waitedNanos) {
            return waitedNanos >= timing.ioTimeout().toNanos() * 9 / 10
                    ? "no data for " + VideoSource.seconds(timing.ioTimeout()) + " (read timed out)"
                    : "stream ended (closed by the camera)";
        }

        private VideoSource open() {
            if (!camera.isStream()) {
                String path = camera.url().startsWith("file:") ? camera.url().replaceFirst("^file:(//)?", "") : camera.url();
                return VideoSource.openFile(Path.of(path), 1);
            }
            return VideoSource.openStream(camera.url(), camera.redactedUrl(), camera.rtspTransport(), timing.ioTimeout());
        }
    }
}
