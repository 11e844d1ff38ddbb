package io.vigil.sink;

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

    public SinkService(SinkSettings config) {
        this.config = config;
    }

    /** Opens (and migrates) the database, starts consuming, serving HTTP and the retention job. */
    public SinkService start() {
        try {
            database = Database.open(config.effectiveJdbcUrl(), config.databaseLogin());
            repository = new AlertRepository(database);
            cameras = new CameraStatusRepository(database);
            alertRetention = new AlertRetention(database);
            live = new LiveEvents(repository, cameras);
            consumer = new AlertConsumer(config, new AlertWriter(database), health, metrics, live::publish);
            consumerThread = new Thread(consumer, "vigil-sink-consumer");
            consumerThread.start();
            http = new HttpApi(config, repository, cameras, database, health, metrics, live);
            http.start(config.httpHost(), config.httpPort());
            retention = new RetentionJob(alertRetention, config.retentionDays(), config.snapshotsMaxBytes(), Clock.systemUTC());
            retention.start();
            return this;
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
                config.cameraStatusTopic())).topicNameValues();
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
    }
}
