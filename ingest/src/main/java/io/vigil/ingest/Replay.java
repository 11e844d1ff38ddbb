package io.vigil.ingest;

import io.vigil.common.RecordingSegment;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes recorded video files as one camera, as one continuous recording: each frame's record
 * timestamp is the recording's start + its position in the files (the next file continues where
 * the previous one ended). Frames are sampled to the detect fps by that time, scaled to the detect
 * width and JPEG-encoded, exactly as for a live camera.
 *
 * <pre>{@code
 * ReplaySummary s = new Replay(List.of(Path.of("samples/vtest.mp4")), "demo", Map.of("bootstrap.servers", bootstrap))
 *         .speed(Replay.MAX_SPEED)
 *         .run();
 * }</pre>
 *
 * A file that cannot be read (missing, not video, no video stream, unsupported codec, truncated)
 * is reported in the summary with a message naming it, and the other files still play.
 */
public final class Replay {
    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    /** As fast as decoding and the broker allow (with backpressure). */
    public static final double MAX_SPEED = Double.POSITIVE_INFINITY;
    /** Frames awaiting the broker's acknowledgement at most: bounds memory at max speed. */
    static final int MAX_IN_FLIGHT = 64;

    private final List<Path> files;
    private final String camera;
    private final Map<String, Object> producerConfig;
    private Instant start;
    private double speed = 1;
    private boolean loop;
    /** The schema's camera defaults, used where no camera settings are given. */
    private static final VigilConfig.Camera DEFAULTS = new VigilConfig.Camera();
    private double detectFps = DEFAULTS.detect.fps;
    private int detectWidth = DEFAULTS.detect.width;
    private int jpegQuality = DEFAULTS.jpegQuality;
    private String framesTopic = Topics.FRAMES;
    private String recordingsTopic = Topics.RECORDINGS;
    private TopicSetup.Layout topics = TopicSetup.Layout.DEFAULT;
    private Consumer<ReplayProgress> progress = p -> {};
    private volatile boolean stopped;
    private volatile Thread runner;

    /**
     * @param files          played in this order as one recording
     * @param camera         camera id the frames are published as (record key)
     * @param producerConfig Kafka producer settings, at least {@code bootstrap.servers}
     */
    public Replay(List<Path> files, String camera, Map<String, Object> producerConfig) {
        if (files.isEmpty()) throw new IllegalArgumentException("no files to replay");
        this.files = List.copyOf(files);
        this.camera = CameraSettings.requireId(camera);
        this.producerConfig = FrameProducer.config(producerConfig);
    }

    /** Start time of the recording; null (default) = the first file's creation_time metadata, else its modification time. */
    public Replay start(Instant start) {
        this.start = start;
        return this;
    }

    /** 1 = real time (default), 2 = twice as fast, {@link #MAX_SPEED} = as fast as possible. */
    public Replay speed(double speed) {
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0 or max: " + speed);
        this.speed = speed;
        return this;
    }

    /** Parses "1", "2", "0.5" or "max". */
    public static double parseSpeed(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) return MAX_SPEED;
        try {
            double s = Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t);
            if (s > 0 && !Double.isInfinite(s)) return s;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("speed must be a number > 0 or 'max', not '" + text + "'");
    }

    /** Start over after the last file, time continuing, until {@link #stop()}. */
    public Replay loop(boolean loop) {
        this.loop = loop;
        return this;
    }

    public Replay detectFps(double fps) {
        this.detectFps = CameraSettings.requireFps(fps, "detect fps");
        return this;
    }

    public Replay detectWidth(int width) {
        this.detectWidth = CameraSettings.requireWidth(width, "detect width");
        return this;
    }

    public Replay jpegQuality(int quality) {
        this.jpegQuality = CameraSettings.requireQuality(quality, "JPEG quality");
        return this;
    }

    public Replay framesTopic(String topic) {
        this.framesTopic = Objects.requireNonNull(topic);
        return this;
    }

    /** Where each replayed file is announced as a recording (indexed where it lies, so clips are cut from it). */
    public Replay recordingsTopic(String topic) {
        this.recordingsTopic = Objects.requireNonNull(topic);
        return this;
    }

    /** Partitions and replication of the frames topic when the replay creates it (default: the config's defaults). */
    public Replay topics(TopicSetup.Layout layout) {
        this.topics = Objects.requireNonNull(layout);
        return this;
    }

    /** Called about once a second, from the replaying thread. */
    public Replay onProgress(Consumer<ReplayProgress> listener) {
        this.progress = Objects.requireNonNull(listener);
        return this;
    }

    /** Ends a running replay (from another thread) after the frame in hand; run() then returns its summary. */
    public void stop() {
        stopped = true;
        Thread t = runner;
        if (t != null) t.interrupt();
    }

    /** Replays the files and returns when all published frames are acknowledged (or after {@link #stop()}). */
    public ReplaySummary run() {
        runner = Thread.currentThread();
        long began = System.nanoTime();
        int recordLimit = FrameProducer.prepareTopics(producerConfig, topics, framesTopic, null);
        TopicSetup.ensureRecordings(producerConfig, topics, recordingsTopic);
        try (Producer<String, byte[]> producer = FrameProducer.create(producerConfig);
             JpegFrameEncoder encoder = new JpegFrameEncoder(detectWidth, jpegQuality)) {
            FramePublisher publisher = new FramePublisher(producer, framesTopic, camera,
                    recordLimit, MAX_IN_FLIGHT);
            Playback playback = new Playback(publisher, encoder, producer);
            playback.play();
            Thread.interrupted(); // a stop() must not keep us from waiting for what was sent
            try {
                publisher.awaitAcknowledged();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            playback.reportProgress(true);
            ReplaySummary summary = new ReplaySummary(camera, publisher.acknowledged(), playback.filesOk,
                    List.copyOf(playback.errors), playback.firstTime, playback.lastTime,
                    publisher.skippedTooLarge(), publisher.failed(), Duration.ofNanos(System.nanoTime() - began));
            log.info("Replay of {} file(s) as camera {}: {} frames published, {} file(s) ok, {} failed, in {}",
                    files.size(), camera, summary.frames(), summary.filesOk(), summary.filesFailed(),
                    VideoSource.seconds(summary.elapsed()));
            return summary;
        } finally {
            runner = null;
        }
    }

    /** The state of one run: timeline position, counters, per-file errors. */
    private final class Playback implements FrameLoop.Events {
        final FrameLoop frameLoop;
        final Producer<String, byte[]> producer;
        final List<ReplaySummary.FileError> errors = new ArrayList<>();
        final double totalMediaSeconds;
        Instant recordingStart = start;
        long timelineMicros;
        long mediaMicros;
        int filesOk;
        long sent;
        Instant firstTime, lastTime;
        long lastReportNanos = System.nanoTime();
        long sentAtLastReport;
        final long playStartNanos = System.nanoTime();

        Playback(FramePublisher publisher, JpegFrameEncoder encoder, Producer<String, byte[]> producer) {
            this.producer = producer;
            this.frameLoop = new FrameLoop(new FrameSampler(detectFps), new Pacer(speed), encoder,
                    t -> recordingStart.plusNanos(t * 1000), FrameLoop.Delivery.waiting(publisher), this);
            this.totalMediaSeconds = loop ? Double.NaN : totalDurationSeconds();
        }

        void play() {
            boolean anyPlayed;
            do {
                anyPlayed = false;
                for (Path file : files) {
                    if (stopped) return;
                    anyPlayed |= playFile(file);
                }
            } while (loop && anyPlayed && !stopped);
        }

        /** Plays one file; false when it could not be opened at all. */
        private boolean playFile(Path file) {
            VideoSource source;
            try {
                source = VideoSource.openFile(file, 0);
            } catch (IngestException e) {
                fail(file, e.getMessage());
                return false;
            }
            try (source) {
                if (recordingStart == null) {
                    recordingStart = defaultStart(file, source);
                } else if (start == null && source.creationTime() != null) {
                    // a folder of an NVR's export: each file starts at its own time, gaps stay gaps
                    long own = java.time.Duration.between(recordingStart, source.creationTime()).toNanos() / 1000;
                    if (own > timelineMicros) timelineMicros = own;
                }
                long fileOffset = timelineMicros;
                announce(file, fileOffset, source.declaredDurationMicros());
                long lastPts = frameLoop.play(source, fileOffset, () -> !stopped);
                long decodedEnd = lastPts < 0 ? 0 : lastPts + source.frameMicros();
                long declared = source.declaredDurationMicros();
                timelineMicros = fileOffset + Math.max(decodedEnd, declared);
                if (decodedEnd > declared) announce(file, fileOffset, decodedEnd);
                if (stopped) return true;
                String incomplete = incompleteness(lastPts, decodedEnd, declared);
                if (incomplete != null) {
                    fail(file, file + ": " + incomplete);
                } else {
                    filesOk++;
                }
            } catch (IngestException e) {
                fail(file, e.getMessage());
            } catch (InterruptedException e) {
                stopped = true;
            }
            return true;
        }

        /** The file itself is the recording of this span: announced so that the sink cuts clips from it. */
        private void announce(Path file, long offsetMicros, long durationMicros) {
            if (durationMicros <= 0) return;
            Instant from = recordingStart.plusNanos(offsetMicros * 1000);
            Instant to = from.plusNanos(durationMicros * 1000);
            long bytes;
            try {
                bytes = Files.size(file);
            } catch (IOException e) {
                bytes = 0;
            }
            RecordingSegment segment = new RecordingSegment(camera, from, to, file.toAbsolutePath().normalize().toString(),
                    bytes, RecordingSegment.FILE);
            try {
                producer.send(new ProducerRecord<>(recordingsTopic, segment.key(),
                        Topics.RECORDING_SEGMENTS.valueSerde().serializer().serialize(recordingsTopic, segment)));
            } catch (RuntimeException e) {
                log.warn("Replay as camera {}: cannot announce {} on {}: {}", camera, file, recordingsTopic, e.toString());
            }
        }

        @Override
        public void decoded(DecodedFrame frame, long timelineMicros) {
            mediaMicros = timelineMicros;
            reportProgress(false);
        }

        @Override
        public void delivered(Instant time) {
            sent++;
            if (firstTime == null) firstTime = time;
            lastTime = time;
        }

        private void fail(Path file, String message) {
            log.warn("Replay as camera {}: {}", camera, message);
            errors.add(new ReplaySummary.FileError(file, message));
        }

        void reportProgress(boolean last) {
            long now = System.nanoTime();
            if (!last && now - lastReportNanos < 1_000_000_000L) return;
            double wallSeconds = (now - lastReportNanos) / 1e9;
            double fps = wallSeconds > 0 ? (sent - sentAtLastReport) / wallSeconds : 0;
            double media = mediaMicros / 1e6;
            Duration eta = null;
            double elapsed = (now - playStartNanos) / 1e9;
            if (totalMediaSeconds > 0 && media > 0 && elapsed > 0) {
                double remaining = Math.max(0, totalMediaSeconds - media) / (media / elapsed);
                eta = Duration.ofMillis(Math.round(remaining * 1000));
            }
            lastReportNanos = now;
            sentAtLastReport = sent;
            progress.accept(new ReplayProgress(sent, fps, media, totalMediaSeconds, last ? Duration.ZERO : eta));
        }

        private double totalDurationSeconds() {
            long total = 0;
            for (Path file : files) {
                try (VideoSource source = VideoSource.openFile(file, 1)) {
                    total += source.declaredDurationMicros();
                } catch (IngestException e) {
                    // reported when the file's turn comes
                }
            }
            return total > 0 ? total / 1e6 : Double.NaN;
        }
    }

    /** Why a file's video ended early, or null when it played to (about) its declared end. */
    static String incompleteness(long lastPts, long decodedEndMicros, long declaredMicros) {
        if (lastPts < 0) return "no video frame could be decoded (corrupt or truncated file)";
        long slack = Math.max(1_000_000, declaredMicros / 20);
        if (declaredMicros > 0 && decodedEndMicros < declaredMicros - slack) {
            return String.format(Locale.ROOT, "video ends after %.1f s of the %.1f s the file declares (truncated or corrupt file)",
                    decodedEndMicros / 1e6, declaredMicros / 1e6);
        }
        return null;
    }

    private static final java.util.Set<String> VIDEO_EXTENSIONS = java.util.Set.of("mp4", "m4v", "mov", "mkv", "avi", "ts", "webm", "flv");

    /**
     * The footage named by files, folders (their video files) and globs ({@code 'night/*.mp4'}), in the order of
     * the recordings' times: creation_time metadata, else modification time; a name that matches nothing is an error.
     */
    public static List<Path> footage(List<String> args) {
        List<Path> found = new ArrayList<>();
        for (String arg : args) {
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                try (var list = Files.list(p)) {
                    list.filter(Files::isRegularFile).filter(Replay::isVideoName).sorted().forEach(found::add);
                } catch (IOException e) {
                    throw new IngestException("cannot list folder " + p + ": " + e.getMessage(), e);
                }
            } else if (!Files.exists(p) && arg.matches(".*[*?\\[{].*")) {
                Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
                var matcher = dir.getFileSystem().getPathMatcher("glob:" + p.getFileName());
                try (var list = Files.list(dir)) {
                    List<Path> hits = list.filter(f -> Files.isRegularFile(f) && matcher.matches(f.getFileName())).sorted().toList();
                    if (hits.isEmpty()) throw new IngestException("no file matches " + arg);
                    found.addAll(hits);
                } catch (IOException e) {
                    throw new IngestException("cannot list folder " + dir + " for " + arg + ": " + e.getMessage(), e);
                }
            } else {
                found.add(p); // a missing file is reported when its turn comes
            }
        }
        if (found.isEmpty()) throw new IngestException("no video files in " + String.join(", ", args));
        if (found.size() == 1) return found;
        Map<Path, Instant> times = new java.util.HashMap<>();
        for (Path f : found) times.put(f, recordingTime(f));
        return found.stream().sorted(java.util.Comparator.comparing((Path f) -> times.get(f)).thenComparing(Path::toString)).toList();
    }

    private static boolean isVideoName(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** When a file's recording began: its creation_time metadata, else its modification time. */
    static Instant recordingTime(Path file) {
        try (VideoSource source = VideoSource.openFile(file, 1)) {
            return defaultStart(file, source);
        } catch (IngestException e) {
            try {
                return Files.getLastModifiedTime(file).toInstant();
            } catch (IOException io) {
                return Instant.MAX;
            }
        }
    }

    private static Instant defaultStart(Path file, VideoSource source) {
        Instant created = source.creationTime();
        if (created != null) return created;
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }
}
