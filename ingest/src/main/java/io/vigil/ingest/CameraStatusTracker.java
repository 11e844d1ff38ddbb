package io.vigil.ingest;

import io.vigil.common.CameraState;
import io.vigil.common.CameraStatus;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's status: state, measured fps, last frame time, last error. Publishes the status on
 * every state change (with one log line) and on {@link #refresh()}; never logs per frame.
 * Thread-safe: the camera's thread and the watchdog both update it.
 */
final class CameraStatusTracker {
    private static final Logger log = LoggerFactory.getLogger(CameraStatusTracker.class);

    private final String camera;
    private final Consumer<CameraStatus> publish;
    private CameraState state;
    private String error;
    private Instant lastFrameAt;
    private long frames;
    private double fps;
    private long framesAtMeasure;
    private long measuredAtNanos = System.nanoTime();
    private long notOnlineSinceNanos = System.nanoTime();

    CameraStatusTracker(String camera, Consumer<CameraStatus> publish) {
        this.camera = camera;
        this.publish = publish;
    }

    synchronized void online(String description) {
        if (state == CameraState.ONLINE) return;
        boolean reconnect = state != null;
        state = CameraState.ONLINE;
        error = null;
        framesAtMeasure = frames;
        measuredAtNanos = System.nanoTime();
        log.info("Camera {}: online, {}{}", camera, description, reconnect
                ? String.format(" (back after %.1f s)", (System.nanoTime() - notOnlineSinceNanos) / 1e9) : "");
        publish.accept(snapshot());
    }

    /** The stream that worked was lost. */
    synchronized void reconnecting(String why) {
        notOnline(CameraState.RECONNECTING, why);
    }

    /** The camera could not be reached or read. */
    synchronized void offline(String why) {
        notOnline(CameraState.OFFLINE, why);
    }

    private void notOnline(CameraState newState, String why) {
        if (newState == state) return;
        if (state == CameraState.ONLINE || state == null) notOnlineSinceNanos = System.nanoTime();
        state = newState;
        error = why;
        fps = 0;
        log.warn("Camera {}: {} ({})", camera, newState.text(), why);
        publish.accept(snapshot());
    }

    synchronized void framePublished(Instant captureTime) {
        frames++;
        lastFrameAt = captureTime;
    }

    /** Measures fps since the last refresh and publishes the status (no log line). */
    synchronized void refresh() {
        if (state == null) return;
        long now = System.nanoTime();
        if (state == CameraState.ONLINE && now > measuredAtNanos) {
            fps = (frames - framesAtMeasure) / ((now - measuredAtNanos) / 1e9);
        }
        framesAtMeasure = frames;
        measuredAtNanos = now;
        publish.accept(snapshot());
    }

    synchronized CameraState state() {
        return state;
    }

    /** The current status; state null before the first connection attempt ended. */
    synchronized CameraStatus snapshot() {
        return new CameraStatus(camera, state, fps, lastFrameAt, error);
    }
}
