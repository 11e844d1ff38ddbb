package io.vigil.sink;

import io.vigil.common.OffsetCommitter;

import java.sql.SQLException;
import io.vigil.common.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * Consumes alerts, snapshots, camera states, recordings and motion spans (read_committed) and stores each polled batch in one database
 * transaction, then commits the consumer positions. It also reads the detector's objects records, only to learn how far the
 * detector has got with each camera ({@link DetectorProgress}; nothing of them is stored). While the database is unavailable it pauses the
 * partitions, keeps the batch and retries with backoff, so nothing is lost and nothing is stored twice.
 * Alerts of replayed old footage are stored like any other: retention counts from when an alert was stored.
 */
final class AlertConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AlertConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    /** A parsed record waiting to be stored, with where it came from. */
    private record Pending(TopicPartition partition, long offset, Incoming item) {}

    private final SinkSettings config;
    private final String recordingsTopic;
    private final String motionTopic;
    private final String objectsTopic;
    private final DetectorProgress detectorProgress;
    private final AlertWriter writer;
    private final RecordParser parser;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final Consumer<AlertWriter.Changes> onStored;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Pending> pending = new ArrayList<>();
    // the rows are stored before the commit; redelivered records change nothing
    private final OffsetCommitter committer = new OffsetCommitter(log, "records will be redelivered");
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private long backoffMs = FIRST_BACKOFF_MS;
    private long skippedCount;
    /** When the last poll began after which every owned partition was consumed and stored to its end (epoch ms). */
    private volatile long heardUntil = Long.MIN_VALUE;
    private long polledAt;

    AlertConsumer(SinkSettings config, AlertWriter writer, SinkHealth health, SinkMetrics metrics,
                  Consumer<AlertWriter.Changes> onStored, String recordingsTopic, String motionTopic,
                  String objectsTopic, DetectorProgress detectorProgress) {
        this.config = config;
        this.writer = writer;
        this.recordingsTopic = recordingsTopic;
        this.motionTopic = motionTopic;
        this.objectsTopic = objectsTopic;
        this.detectorProgress = detectorProgress;
        this.parser = new RecordParser(config, recordingsTopic, motionTopic, objectsTopic);
        this.health = health;
        this.metrics = metrics;
        this.onStored = onStored;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            // Kafka's own consumer metrics, among them the sink's lag (records-lag-max per partition).
            KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(c);
            kafkaMetrics.bindTo(metrics.registry);
            List<String> topics = List.of(config.alertsTopic(), config.snapshotsTopic(), config.cameraStatusTopic(),
                    recordingsTopic, motionTopic, objectsTopic);
            c.subscribe(topics, new StoreBeforeRevoke());
            log.info("Sink consuming {} as group {}", topics, config.groupId());
            while (stop.getCount() > 0) {
                polledAt = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    accept(r);
                }
                if (!storePending()) {
                    c.pause(c.assignment());
                    waitBeforeRetry();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            log.error("Sink consumer stopped: {}", config.redact(e.toString()));
        } finally {
            health.consumerRunning(false);
            consumer = null;
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        try {
            Incoming item = parser.parse(r);
            pending.add(new Pending(tp, r.offset(), item));
        } catch (PoisonRecordException e) {
            skipped(r.topic() + "-" + r.partition(), r.offset(), e.getMessage());
        } catch (RuntimeException e) { // a parser bug must not stop the sink either
            skipped(r.topic() + "-" + r.partition(), r.offset(), "unreadable record (" + e + ")");
        }
    }

    /** Counts a record that can never be stored; logs the first ones of each run, then every 100th. */
    private void skipped(String partition, long offset, String reason) {
        metrics.poisonRecords.increment();
        long n = ++skippedCount;
        if (n <= 20 || n % 100 == 0) {
            log.warn("Skipping record {} offset {} ({} skipped so far): {}", partition, offset, n, reason);
        }
    }

    /** Stores what is pending and commits positions; false when the database is unavailable. */
    private boolean storePending() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (!pending.isEmpty()) {
            List<Incoming> items = pending.stream().map(Pending::item).filter(AlertConsumer::stored).toList();
            AlertWriter.Changes changes = new AlertWriter.Changes(Set.of(), Set.of());
            try {
                if (!items.isEmpty()) changes = writer.store(items);
            } catch (SQLException e) {
                if (DatabaseErrors.isTransient(e)) {
                    metrics.databaseFailures.increment();
                    health.databaseDown(config.redact(e.getMessage()));
                    return false;
                }
                changes = storeOneByOne();
                if (changes == null) return false;
            } catch (RuntimeException e) {
                changes = storeOneByOne();
                if (changes == null) return false;
            }
            metrics.recordsStored.increment(items.size());
            metrics.alertChanges.increment(changes.alertIds().size());
            for (Pending p : pending) {
                if (p.item() instanceof Incoming.FrameProcessed f) detectorProgress.read(f.camera(), f.frameTime());
            }
            pending.clear();
            health.databaseRecovered();
            if (!changes.isEmpty()) onStored.accept(changes);
        }
        if (!c.paused().isEmpty()) {
            c.resume(c.paused());
            backoffMs = FIRST_BACKOFF_MS;
        } else if (caughtUp(c)) {
            heardUntil = polledAt; // before the commit, so whoever sees the commit sees this too
            detectorProgress.confirm();
        }
        commitPositions(c);
        return true;
    }

    /** Whether the item goes into the database (the detector's per-frame records only tell its progress). */
    private static boolean stored(Incoming item) {
        return !(item instanceof Incoming.FrameProcessed);
    }

    /** Whether the last poll left nothing behind on any owned partition. */
    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> owned = c.assignment();
        return !owned.isEmpty() && owned.stream().allMatch(tp -> {
            java.util.OptionalLong lag = c.currentLag(tp);
            return lag.isPresent() && lag.getAsLong() == 0;
        });
    }

    /**
     * Up to when everything on the sink's topics has been stored (records written since may still come):
     * {@link Instant#MIN} until the consumer has caught up once.
     */
    Instant heardUntil() {
        long t = heardUntil;
        return t == Long.MIN_VALUE ? Instant.MIN : Instant.ofEpochMilli(t);
    }

    /**
     * A batch failed for a reason other than an absent database: store record by record so that one
     * record the database rejects is skipped (and counted) instead of blocking the others forever.
     */
    private AlertWriter.Changes storeOneByOne() {
        Set<String> alerts = new LinkedHashSet<>();
        Set<String> cameras = new LinkedHashSet<>();
        for (Pending p : List.copyOf(pending)) {
            if (!stored(p.item())) continue;
            try {
                AlertWriter.Changes one = writer.store(List.of(p.item()));
                alerts.addAll(one.alertIds());
                cameras.addAll(one.cameraIds());
            } catch (SQLException e) {
                if (DatabaseErrors.isTransient(e)) {
                    metrics.databaseFailures.increment();
                    health.databaseDown(config.redact(e.getMessage()));
                    return null;
                }
                skipped(p.partition().toString(), p.offset(), "the database rejects it: " + config.redact(e.getMessage()));
            } catch (RuntimeException e) {
                skipped(p.partition().toString(), p.offset(), "cannot be stored: " + e);
            }
        }
        return new AlertWriter.Changes(alerts, cameras);
    }

    /** Commits the position of every owned partition that moved (also past transaction markers). */
    private void commitPositions(KafkaConsumer<byte[], byte[]> c) {
        committer.commit(c, tp -> OffsetCommitter.position(c, tp));
    }

    private void waitBeforeRetry() {
        try {
            stop.await(backoffMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }

    /** The config's Kafka client settings (bootstrap.servers, kafka.properties) and the sink consumer's own. */
    private Properties properties() {
        Properties p = new Properties();
        p.putAll(config.kafka());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-sink");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return p;
    }

    void close() {
        stop.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
    }

    /** Stores (or, with the database away, drops for redelivery) the records of partitions being taken away. */
    private final class StoreBeforeRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!pending.isEmpty() && !storePending()) {
                pending.removeIf(p -> partitions.contains(p.partition()));
            }
            committer.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            health.consumerRunning(true); // the group coordinator answered: the consumer is connected
            heardUntil = Long.MIN_VALUE; // new partitions may hold a backlog: not caught up until read
            log.info("Sink assigned {} partition(s)", partitions.size());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.removeIf(p -> partitions.contains(p.partition()));
            committer.forget(partitions);
        }
    }
}
