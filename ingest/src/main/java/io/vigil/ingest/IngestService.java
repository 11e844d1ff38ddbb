package io.vigil.ingest;

import io.vigil.common.CameraState;
import io.vigil.common.CameraStatus;
import io.vigil.common.RecordingSegment;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest of live cameras: each enabled camera runs on its own thread (a stuck or failing camera
 * never stalls another) and publishes sampled JPEG frames to the frames topic, sharing one Kafka
 * producer. Camera status goes to the compacted camera-status topic (key = camera id, JSON
 * {@link CameraStatus}) on every state change and every status interval, and to the listener.
 *
 * <pre>{@code
 * try (IngestService ingest = IngestService.builder(Map.of("bootstrap.servers", bootstrap))
 *         .cameras(List.of(CameraSettings.of("door", "rtsp://10.0.0.5:554/stream1")))
 *         .onStatus(s -> System.out.println(s))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 */
public final class IngestService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    /** Unacknowledged frames per camera before a live camera starts dropping frames. */
    static final int MAX_IN_FLIGHT_PER_CAMERA = 32;

    private final Producer<String, byte[]> producer;
    private final String statusTopic;
    private final Consumer<CameraStatus> listener;
    private final Map<String, CameraStatusTracker> trackers = new LinkedHashMap<>();
    private final List<CameraWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService watchdog;
    private final Map<String, FramePublisher> publishers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder statusSendFailures = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.ThreadPoolExecutor statusSender = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1000), r -> {
                Thread t = new Thread(r, "camera-status");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.DiscardOldestPolicy());
    private final Duration ioTimeout;
    private final Map<String, SegmentRecorder> recorders = new LinkedHashMap<>();
    private final String recordingsTopic;
    private volatile boolean closed;

    private IngestService(Builder b) {
        Map<String, Object> producerConfig = FrameProducer.config(b.producerConfig);
        int recordLimit = FrameProducer.prepareTopics(producerConfig, b.topics, b.framesTopic, b.statusTopic);
        this.producer = FrameProducer.create(producerConfig);
        this.statusTopic = b.statusTopic;
        this.listener = b.listener;
        this.ioTimeout = b.ioTimeout;
        CameraWorker.Timing timing = new CameraWorker.Timing(b.watchdog, b.ioTimeout, b.backoffInitial, b.backoffMax, b.healthyAfter);
        for (CameraSettings camera : b.cameras) {
            if (!camera.enabled()) {
                log.info("Camera {}: disabled in the configuration, not started", camera.id());
                continue;
            }
            CameraStatusTracker tracker = new CameraStatusTracker(camera.id(), this::publishStatus);
            FramePublisher publisher = new FramePublisher(producer, b.framesTopic, camera.id(), recordLimit, MAX_IN_FLIGHT_PER_CAMERA);
            publishers.put(camera.id(), publisher);
            CameraWorker.Timing cameraTiming = camera.watchdog() == null ? timing
                    : new CameraWorker.Timing(camera.watchdog(), b.ioTimeout, b.backoffInitial, b.backoffMax, b.healthyAfter);
            CameraWorker worker = new CameraWorker(camera, cameraTiming, publisher, tracker);
            trackers.put(camera.id(), tracker);
            workers.add(worker);
            Thread thread = new Thread(worker, "camera-" + camera.id());
            thread.setDaemon(true);
            threads.add(thread);
            Integer segmentSeconds = b.recordSegments.get(camera.id());
            if (segmentSeconds != null) {
                SegmentRecorder recorder = new SegmentRecorder(camera, b.recordingsDir, segmentSeconds, timing,
                        this::announce, b.minFreeBytes);
                recorders.put(camera.id(), recorder);
                Thread rt = new Thread(recorder, "recorder-" + camera.id());
                rt.setDaemon(true);
                threads.add(rt);
            }
        }
        this.recordingsTopic = b.recordingsTopic;
        if (!recorders.isEmpty()) TopicSetup.ensureRecordings(producerConfig, b.topics, recordingsTopic);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camera-watchdog");
            t.setDaemon(true);
            return t;
        });
        long shortest = b.cameras.stream().map(CameraSettings::watchdog).filter(Objects::nonNull)
                .mapToLong(Duration::toMillis).min().orElse(b.watchdog.toMillis());
        long tick = Math.max(100, Math.min(1000, Math.min(shortest, b.watchdog.toMillis()) / 4));
        watchdog.scheduleWithFixedDelay(() -> workers.forEach(CameraWorker::checkWatchdog), tick, tick, TimeUnit.MILLISECONDS);
        long refresh = b.statusInterval.toMillis();
        watchdog.scheduleWithFixedDelay(() -> trackers.values().forEach(CameraStatusTracker::refresh), refresh, refresh, TimeUnit.MILLISECONDS);
        threads.forEach(Thread::start);
        log.info("Ingest started: {} camera(s) publishing to {}, {} recorded", workers.size(), b.framesTopic, recorders.size());
    }

    /** @param producerConfig Kafka producer settings, at least {@code bootstrap.servers} */
    public static Builder builder(Map<String, Object> producerConfig) {
        return new Builder(producerConfig);
    }

    /** The current status of every started camera (state null until its first connection attempt ends). */
    public List<CameraStatus> statuses() {
        return trackers.values().stream().map(CameraStatusTracker::snapshot).toList();
    }

    /** The current status of one camera, or null when it is not started here. */
    public CameraStatus status(String camera) {
        CameraStatusTracker tracker = trackers.get(camera);
        return tracker == null ? null : tracker.snapshot();
    }

    /** The status of every recorder (state, error naming the camera and directory, segments written). */
    public List<RecorderStatus> recorderStatuses() {
        return recorders.values().stream().map(SegmentRecorder::status).toList();
    }

    /** The recorder's status of a camera, or null when the camera is not recorded here. */
    public RecorderStatus recorderStatus(String camera) {
        SegmentRecorder r = recorders.get(camera);
        return r == null ? null : r.status();
    }

    private void announce(RecordingSegment segment) {
        try {
            producer.send(new ProducerRecord<>(recordingsTopic, segment.key(),
                    Topics.RECORDING_SEGMENTS.valueSerde().serializer().serialize(recordingsTopic, segment)));
        } catch (RuntimeException e) {
            log.warn("Camera {}: cannot announce segment {} on {}: {}", segment.camera(), segment.path(), recordingsTopic, e.toString());
        }
    }

    /**
     * Hands the status to the status thread: camera threads and the watchdog never wait for Kafka (during a
     * broker outage a send can block for max.block.ms). Statuses keep their order; a full queue drops the oldest.
     */
    private void publishStatus(CameraStatus status) {
        if (closed && status.state() != CameraState.OFFLINE) return;
        try {
            listener.accept(status);
        } catch (RuntimeException e) {
            log.warn("Camera status listener failed on {}: {}", status, e.toString());
        }
        try {
            statusSender.execute(() -> sendStatus(status));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Camera {}: status not sent, ingest is stopping", status.camera());
        }
    }

    private void sendStatus(CameraStatus status) {
        try {
            producer.send(new ProducerRecord<>(statusTopic, status.camera(),
                    Topics.CAMERA_STATUSES.valueSerde().serializer().serialize(statusTopic, status)));
        } catch (RuntimeException e) {
            statusSendFailures.increment();
            if (statusSendFailures.sum() == 1 || statusSendFailures.sum() % 100 == 0) {
                log.warn("Camera {}: cannot publish its status to {} ({} failed so far): {}", status.camera(), statusTopic,
                        statusSendFailures.sum(), e.toString());
            }
        }
    }

    /** Frames of a camera not published so far: dropped while Kafka was away or behind, failed, or too large. */
    public long framesLost(String camera) {
        FramePublisher p = publishers.get(camera);
        return p == null ? 0 : p.dropped() + p.failed() + p.skippedTooLarge();
    }

    /** Stops every camera, publishes them as offline ("ingest stopped") and flushes what was sent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        watchdog.shutdownNow();
        workers.forEach(CameraWorker::stop);
        recorders.values().forEach(SegmentRecorder::stop);
        long deadline = System.nanoTime() + ioTimeout.plusSeconds(2).toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) log.warn("{} is still blocked in FFmpeg; leaving it behind", t.getName());
        }
        trackers.values().forEach(t -> t.offline("ingest stopped"));
        statusSender.shutdown();
        try {
            // the last statuses go out, unless the broker is away: then they are not worth a hanging stop
            if (!statusSender.awaitTermination(5, TimeUnit.SECONDS)) statusSender.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        log.info("Ingest stopped");
    }

    /** Settings of an {@link IngestService}; every one has a default except the producer config. */
    public static final class Builder {
        private final Map<String, Object> producerConfig;
        private final List<CameraSettings> cameras = new ArrayList<>();
        private String framesTopic = Topics.FRAMES;
        private String statusTopic = Topics.CAMERA_STATUS;
        private TopicSetup.Layout topics = TopicSetup.Layout.DEFAULT;
        private Duration watchdog = Duration.ofSeconds(20);
        private Duration ioTimeout = Duration.ofSeconds(10);
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration healthyAfter = Duration.ofMinutes(1);
        private Duration statusInterval = Duration.ofSeconds(10);
        private Consumer<CameraStatus> listener = s -> {};
        private Path recordingsDir = Path.of("recordings");
        private String recordingsTopic = Topics.RECORDINGS;
        private long minFreeBytes = SegmentRecorder.MIN_FREE_BYTES;
        private final Map<String, Integer> recordSegments = new LinkedHashMap<>();

        private Builder(Map<String, Object> producerConfig) {
            this.producerConfig = Map.copyOf(producerConfig);
        }

        public Builder cameras(List<CameraSettings> list) {
            list.forEach(this::camera);
            return this;
        }

        public Builder camera(CameraSettings camera) {
            cameras.add(Objects.requireNonNull(camera));
            return this;
        }

        public Builder framesTopic(String topic) {
            this.framesTopic = Objects.requireNonNull(topic);
            return this;
        }

        /** Partitions and replication of the topics when ingest creates them (default: the config's defaults). */
        public Builder topics(TopicSetup.Layout layout) {
            this.topics = Objects.requireNonNull(layout);
            return this;
        }

        public Builder statusTopic(String topic) {
            this.statusTopic = Objects.requireNonNull(topic);
            return this;
        }

        /** No frame for this long → status reconnecting, and reconnect (default 20 s). */
        public Builder watchdog(Duration timeout) {
            this.watchdog = positive(timeout, "watchdog");
            return this;
        }

        /** Socket connect/read timeout of network cameras (default 10 s). */
        public Builder ioTimeout(Duration timeout) {
            this.ioTimeout = positive(timeout, "I/O timeout");
            return this;
        }

        /** Reconnect delays: initial, doubling up to max (default 1 s to 30 s). */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = positive(initial, "initial backoff");
            this.backoffMax = positive(max, "maximum backoff");
            return this;
        }

        /** A connection that lasted this long resets the backoff (default 1 minute). */
        public Builder healthyAfter(Duration duration) {
            this.healthyAfter = positive(duration, "healthy-after");
            return this;
        }

        /** How often the status (with measured fps) is republished while nothing changes (default 10 s). */
        public Builder statusInterval(Duration interval) {
            this.statusInterval = positive(interval, "status interval");
            return this;
        }

        /** Called on each status change and refresh, from ingest's threads: keep it quick. */
        public Builder onStatus(Consumer<CameraStatus> listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Where the recorders write: DIR/<camera>/<yyyy-MM-dd>/HH-mm-ss.SSS.mp4 (default ./recordings). */
        public Builder recordingsDir(Path dir) {
            this.recordingsDir = Objects.requireNonNull(dir);
            return this;
        }

        public Builder recordingsTopic(String topic) {
            this.recordingsTopic = Objects.requireNonNull(topic);
            return this;
        }

        /** Records this camera's stream, not re-encoded, in segments of this many seconds. */
        public Builder record(String camera, int segmentSeconds) {
            if (segmentSeconds < 1) throw new IllegalArgumentException("camera " + camera + ": segment_seconds must be >= 1");
            recordSegments.put(camera, segmentSeconds);
            return this;
        }

        /** A recorder with less free space than this reports "disk full" instead of recording (default 64 MB). */
        public Builder minFreeBytes(long bytes) {
            this.minFreeBytes = bytes;
            return this;
        }

        /** Creates the topics if missing and starts every enabled camera. */
        public IngestService start() {
            Set<String> ids = new HashSet<>();
            for (CameraSettings c : cameras) {
                if (!ids.add(c.id())) throw new IllegalArgumentException("camera id '" + c.id() + "' is configured twice");
            }
            return new IngestService(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be > 0, not " + d);
            return d;
        }
    }
}
