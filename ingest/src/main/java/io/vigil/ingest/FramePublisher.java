package io.vigil.ingest;

import io.vigil.common.FrameHeaders;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one camera's JPEG frames to the frames topic: key = camera id, timestamp = capture
 * time, headers = sequence number, width, height. At most {@code maxInFlight} frames wait for the
 * broker's acknowledgement, so memory stays bounded: a replay waits (backpressure), a live camera
 * drops the frame instead of falling behind real time. A frame larger than the topic accepts is
 * skipped with a clear log line (camera, size, limit), never a crash.
 */
final class FramePublisher {
    private static final Logger log = LoggerFactory.getLogger(FramePublisher.class);
    /** Bytes a record needs besides its value and key: batch and record headers, our frame headers. */
    static final int RECORD_OVERHEAD_BYTES = 256;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String camera;
    private final byte[] key;
    private final int maxRecordBytes;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final AtomicLong acked = new AtomicLong();
    private final LastingProblemLog tooLarge;
    private final LastingProblemLog dropped;
    private final LastingProblemLog failed;
    private long seq;

    /** @param maxRecordBytes the frames topic's max.message.bytes (also the producer's max.request.size) */
    FramePublisher(Producer<String, byte[]> producer, String topic, String camera, int maxRecordBytes, int maxInFlight) {
        this.producer = producer;
        this.topic = topic;
        this.camera = camera;
        this.key = camera.getBytes(StandardCharsets.UTF_8);
        this.maxRecordBytes = maxRecordBytes;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.tooLarge = new LastingProblemLog(log, "Camera " + camera + ": frames fit the topic again (%d skipped as too large)");
        this.dropped = new LastingProblemLog(log, "Camera " + camera + ": Kafka caught up (%d frames dropped)");
        this.failed = new LastingProblemLog(log, "Camera " + camera + ": publishing works again (%d frames failed)");
    }

    /** Publishes, waiting while too many frames are unacknowledged. False when the frame was skipped as too large. */
    boolean publishWaiting(long timestampMillis, byte[] jpeg, int width, int height) throws InterruptedException {
        if (!fits(jpeg)) return false;
        inFlight.acquire();
        send(timestampMillis, jpeg, width, height);
        return true;
    }

    /** Publishes unless too many frames are unacknowledged; then drops it. False when skipped or dropped. */
    boolean publishOrDrop(long timestampMillis, byte[] jpeg, int width, int height) {
        if (!fits(jpeg)) return false;
        if (!inFlight.tryAcquire()) {
            dropped.occurred(() -> "Camera " + camera + ": Kafka is not keeping up (" + maxInFlight
                    + " frames unacknowledged); dropping frames until it does");
            return false;
        }
        dropped.cleared();
        send(timestampMillis, jpeg, width, height);
        return true;
    }

    private boolean fits(byte[] jpeg) {
        int size = jpeg.length + key.length + RECORD_OVERHEAD_BYTES;
        if (size > maxRecordBytes) {
            tooLarge.occurred(() -> String.format(
                    "Camera %s: frame of %,d bytes is over the limit of %,d bytes of topic %s (max.message.bytes); "
                            + "skipping such frames (lower the detect width or JPEG quality)",
                    camera, size, maxRecordBytes, topic));
            return false;
        }
        tooLarge.cleared();
        return true;
    }

    private void send(long timestampMillis, byte[] jpeg, int width, int height) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, timestampMillis, camera, jpeg);
        FrameHeaders.write(record.headers(), seq++, width, height);
        try {
            producer.send(record, (metadata, error) -> {
                inFlight.release();
                if (error == null) {
                    acked.incrementAndGet();
                    failed.cleared();
                } else if (error instanceof RecordTooLargeException) {
                    tooLarge.occurred(() -> String.format("Camera %s: the broker rejected a frame of %,d bytes as too large for topic %s;"
                            + " skipping such frames", camera, jpeg.length, topic));
                } else {
                    failed.occurred(() -> "Camera " + camera + ": publishing a frame to " + topic + " failed: " + error);
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            failed.occurred(() -> "Camera " + camera + ": publishing a frame to " + topic + " failed: " + e);
        }
    }

    /** Waits until every frame sent so far is acknowledged (or has failed). */
    void awaitAcknowledged() throws InterruptedException {
        producer.flush();
        inFlight.acquire(maxInFlight);
        inFlight.release(maxInFlight);
    }

    /** Frames the broker acknowledged. */
    long acknowledged() {
        return acked.get();
    }

    /** Frames skipped because they were over the size limit. */
    long skippedTooLarge() {
        return tooLarge.count();
    }

    /** Frames dropped because Kafka was not keeping up (live cameras only). */
    long dropped() {
        return dropped.count();
    }

    /** Frames whose send failed. */
    long failed() {
        return failed.count();
    }
}
