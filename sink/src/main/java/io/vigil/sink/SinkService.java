package io.vigil.sink;

import io.vigil.common.TopicSetup;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink: consumes alerts, snapshots and camera states from Kafka into SQLite or PostgreSQL and serves
 * them over HTTP. {@code new SinkService(config).start()}, then {@link #close()}.
 */
public final class SinkService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkService.class);

    private final SinkSettings config;
    private final SinkHealth health = new SinkHealth();
    private final SinkMetrics metrics = new SinkMetrics(health);
    private Database database;
    private AlertRepository repository;
    private CameraStatusRepository cameras;
    private AlertRetention alertRetention;
    private LiveEvents live;
    private AlertConsumer consumer;
    private Thread consumerThread;
    private HttpApi http;
    private RetentionJob retention;
    private RecordingSettings recordingSettings = RecordingSettings.defaults();
    private String objectsTopic = io.vigil.common.Topics.OBJECTS;
    private RecordingRetention recordingRetention;
    private java.nio.file.Path clipDir;
    private org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> tombstones;

    public SinkService(SinkSettings config) {
        this.config = config;
    }

    /** Recordings: topic, per-camera record settings, disk cap (default: vigil.recordings, default settings, no cap). */
    public SinkService recordings(RecordingSettings settings) {
        this.recordingSettings = java.util.Objects.requireNonNull(settings);
        return this;
    }

    /** The topic of what the detector tracks per frame, whose boxes the live view draws (default vigil.objects). */
    public SinkService objectsTopic(String topic) {
        this.objectsTopic = java.util.Objects.requireNonNull(topic);
        return this;
    }

    /** Opens (and migrates) the database, starts consuming, serving HTTP and the retention job. */
    public SinkService start() {
        try {
            database = Database.open(config.effectiveJdbcUrl(), config.databaseLogin());
            repository = new AlertRepository(database);
            cameras = new CameraStatusRepository(database);
            alertRetention = new AlertRetention(database);
            live = new LiveEvents(repository, cameras);
            createRecordingsTopic();
            DetectorProgress detectorProgress = new DetectorProgress();
            consumer = new AlertConsumer(config, new AlertWriter(database), health, metrics, live::publish,
                    recordingSettings.topic(), recordingSettings.motionTopic(), objectsTopic, detectorProgress);
            consumerThread = new Thread(consumer, "vigil-sink-consumer");
            consumerThread.start();
            RecordingIndex recordings = new RecordingIndex(database);
            clipDir = java.nio.file.Files.createTempDirectory("vigil-clips");
            http = new HttpApi(config, repository, cameras, database, health, metrics, live,
                    new HttpApi.Recordings(recordings, new ClipCutter(recordings, clipDir), recordingSettings,
                            new LiveView(config.kafka(), recordingSettings.framesTopic(), objectsTopic)));
            http.start(config.httpHost(), config.httpPort());
            retention = new RetentionJob(alertRetention, config.retentionDays(), config.snapshotsMaxBytes(), Clock.systemUTC());
            retention.start();
            Map<String, Object> producerSettings = new HashMap<>(config.kafka());
            producerSettings.put("client.id", "vigil-sink-retention");
            tombstones = new org.apache.kafka.clients.producer.KafkaProducer<>(producerSettings,
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            recordingRetention = new RecordingRetention(recordings, recordingSettings, Clock.systemUTC(),
                    RecordingRetention.DiskSpace.FILESYSTEM, this::tombstone, consumer::heardUntil,
                    detectorProgress::processedUntil);
            recordingRetention.start();
            return this;
        } catch (java.io.IOException e) {
            close();
            throw new java.io.UncheckedIOException("sink: cannot create a directory for clips", e);
        } catch (RuntimeException e) {
            close(); // whatever had started
            throw e;
        }
    }

    /** The HTTP port (useful when the config asked for 0, any free port). */
    public int port() {
        return http.port();
    }

    public AlertRepository repository() {
        return repository;
    }

    /** The index of recorded segments and replayed files. */
    public RecordingIndex recordings() {
        return new RecordingIndex(database);
    }

    public CameraStatusRepository cameras() {
        return cameras;
    }

    public AlertRetention retention() {
        return alertRetention;
    }

    public SinkHealth health() {
        return health;
    }

    public long storedAlertCount() {
        try {
            return repository.count();
        } catch (SQLException e) {
            throw new IllegalStateException("sink: database " + database.description() + " unavailable", e);
        }
    }

    /** Runs the recordings retention and disk cap once now; returns the number of segments deleted. */
    public int deleteExpiredRecordings() throws SQLException {
        return recordingRetention.runOnce();
    }

    private void tombstone(String key) {
        try {
            tombstones.send(new org.apache.kafka.clients.producer.ProducerRecord<>(recordingSettings.topic(), key, null));
        } catch (RuntimeException e) {
            log.warn("Sink: cannot publish the deletion of recording {} on {}: {}", key, recordingSettings.topic(), e.toString());
        }
    }

    /**
     * The recordings, motion and objects topics exist before we subscribe (a consumer does not create them, or a broker
     * would with its defaults); failures are left to ingest and the detector.
     */
    private void createRecordingsTopic() {
        try {
            TopicSetup.ensureSinkTopics(config.kafka(), TopicSetup.Layout.DEFAULT, recordingSettings.topic(),
                    recordingSettings.motionTopic(), objectsTopic);
        } catch (IllegalStateException e) {
            log.warn("Sink: cannot create topics {}, {} and {}: {}", recordingSettings.topic(), recordingSettings.motionTopic(),
                    objectsTopic, e.getMessage());
        }
    }

    /** Runs the retention once now; returns the number of alerts deleted. */
    public int deleteExpired() throws SQLException {
        return retention.runOnce();
    }

    /**
     * Waits until the sink's committed positions reach the end (last committed transaction) of every
     * partition of its topics, i.e. everything on the topics now is stored. Returns false on timeout.
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(config.kafka())) {
            while (true) {
                try {
                    if (caughtUp(admin)) return true;
                } catch (ExecutionException e) {
                    log.debug("Lag check failed, retrying: {}", e.getCause().toString());
                }
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(200);
            }
        }
    }

    private boolean caughtUp(Admin admin) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        var described = admin.describeTopics(List.of(config.alertsTopic(), config.snapshotsTopic(),
                config.cameraStatusTopic(), recordingSettings.topic(), recordingSettings.motionTopic(), objectsTopic))
                .topicNameValues();
        for (var future : described.values()) {
            try {
                TopicDescription d = future.get();
                d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw e;
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            OffsetAndMetadata done = committed.get(tp);
            if (end > 0 && (done == null || done.offset() < end)) return false;
        }
        return true;
    }

    @Override
    public void close() {
        if (retention != null) retention.close();
        if (recordingRetention != null) recordingRetention.close();
        if (tombstones != null) tombstones.close(Duration.ofSeconds(5));
        if (http != null) http.close();
        if (consumer != null) {
            consumer.close();
            try {
                consumerThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (live != null) live.close();
        if (database != null) database.close();
        if (clipDir != null) deleteQuietly(clipDir);
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) java.nio.file.Files.deleteIfExists(f);
            java.nio.file.Files.deleteIfExists(dir);
        } catch (java.io.IOException ignored) {
            // a temp directory: the OS cleans it eventually
        }
    }
}
