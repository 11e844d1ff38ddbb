package io.vigil.ingest;

import io.vigil.common.TopicSetup;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What {@code vigil bench ingest} measures, run with ingest's own code: decoding alone, and the real
 * {@link FrameLoop} over a file as fast as it goes at the default detect settings (decode, sample to
 * the detect fps, scale, JPEG, publish with the replay's wait policy).
 */
public final class FilePlayback {
    /** The schema's camera defaults: a benchmark playback samples like a default camera. */
    private static final VigilConfig.Camera DEFAULTS = new VigilConfig.Camera();
    /** A file played through the loop: its media duration and the frames the broker acknowledged. */
    public record Played(long mediaMicros, long published) {}

    private FilePlayback() {}

    /** Width and height of the file's video. */
    public static int[] size(Path file) {
        try (VideoSource probe = VideoSource.openFile(file, 1)) {
            return new int[] {probe.width(), probe.height()};
        }
    }

    /** The frame rate the file's video stream declares (frames per second); 0 when it declares none. */
    public static double frameRate(Path file) {
        try (VideoSource probe = VideoSource.openFile(file, 1)) {
            return probe.frameRate();
        }
    }

    /** Decodes every frame on this thread with one decoder thread, no conversion; returns the count. */
    public static long decodeAll(Path file) {
        long frames = 0;
        try (VideoSource source = VideoSource.openFile(file, 1)) {
            while (source.next() != null) frames++;
        }
        return frames;
    }

    /**
     * Runs the loop over {@code file} on this thread. With {@code producerConfig}, frames are published to
     * {@code topic} by a producer with {@code clientId}, and {@code beforeClose} runs once they are all
     * acknowledged, while the producer's thread still lives; without, the encoded frames are discarded.
     */
    public static Played play(Path file, Map<String, Object> producerConfig, String clientId, String topic,
                              Runnable beforeClose) throws InterruptedException {
        Producer<String, byte[]> producer = null;
        FramePublisher publisher = null;
        if (producerConfig != null) {
            Map<String, Object> config = new HashMap<>(FrameProducer.config(producerConfig));
            config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
            int limit = FrameProducer.prepareTopics(config, TopicSetup.Layout.DEFAULT, topic, null);
            producer = FrameProducer.create(config);
            publisher = new FramePublisher(producer, topic, "bench", limit, Replay.MAX_IN_FLIGHT);
        }
        try {
            long lastPts;
            try (VideoSource source = VideoSource.openFile(file, 1);
                 JpegFrameEncoder encoder = new JpegFrameEncoder(DEFAULTS.detect.width, DEFAULTS.jpegQuality)) {
                FrameLoop.Delivery delivery = publisher != null ? FrameLoop.Delivery.waiting(publisher) : (millis, jpeg, w, h) -> true;
                FrameLoop loop = new FrameLoop(new FrameSampler(DEFAULTS.detect.fps), null, encoder,
                        t -> Instant.ofEpochMilli(t / 1000), delivery, new FrameLoop.Events() {});
                lastPts = Math.max(0, loop.play(source, 0, () -> true)) + source.frameMicros();
            }
            long published = 0;
            if (publisher != null) {
                publisher.awaitAcknowledged();
                published = publisher.acknowledged();
            }
            beforeClose.run();
            return new Played(lastPts, published);
        } finally {
            if (producer != null) producer.close();
        }
    }
}
