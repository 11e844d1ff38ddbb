package io.vigil.common;

import io.vigil.common.config.VigilConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one place Vigil's topics are created, with their settings, if they do not exist yet (idempotent,
 * safe from every service). Partitions and replication come from the config's {@code kafka:} section.
 */
public final class TopicSetup {
    /** Size bound of the frames topic per partition: frames are transient, alerts are what is kept. */
    public static final long FRAMES_RETENTION_BYTES = 1L << 30;
    /** Size bound per partition of the alert and snapshot topics (the database keeps alerts by age). */
    public static final long EVENTS_RETENTION_BYTES = 2L << 30;
    /**
     * Record timestamps are capture times, and a replay of last month's footage carries last month's
     * times: time-based retention would delete such records before they are processed, so the frames
     * topics are bounded by size only (alerts and snapshots: see {@link #EVENTS_RETENTION_MS}).
     */
    private static final String NO_TIME_LIMIT = "-1";

    private TopicSetup() {}

    /** How many partitions and replicas the topics get: kafka.partitions and kafka.replication_factor of the config. */
    public record Layout(int partitions, short replication) {
        /** The config's defaults. */
        public static final Layout DEFAULT = of(new VigilConfig.Kafka());

        public Layout {
            if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
            if (replication < 1) throw new IllegalArgumentException("replication must be >= 1, was " + replication);
        }

        public static Layout of(VigilConfig.Kafka kafka) {
            return new Layout(kafka.partitions, (short) kafka.replicationFactor);
        }
    }

    /** Creates the missing topics of Vigil as the config's kafka: section says. */
    public static void ensure(VigilConfig.Kafka kafka) {
        Layout layout = Layout.of(kafka);
        ensure(kafka.clientConfig(), layout.partitions(), layout.replication());
    }

    /** The topics and their settings, for the given partition count and replication factor. */
    public static List<NewTopic> topics(int partitions, short replication) {
        return List.of(
                frames(Topics.FRAMES, partitions, replication),
                events(Topics.ALERTS, partitions, replication, Map.of()),
                events(Topics.SNAPSHOTS, partitions, replication,
                        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES))),
                cameraStatus(Topics.CAMERA_STATUS, partitions, replication),
                recordings(Topics.RECORDINGS, partitions, replication),
                motion(Topics.MOTION, partitions, replication),
                objects(Topics.OBJECTS, partitions, replication),
                events(Topics.NOTIFY_DEAD_LETTER, partitions, replication, Map.of()),
                new NewTopic(Topics.DEAD_LETTER, partitions, replication).configs(Map.of(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES),
                        TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT,
                        TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(FRAMES_RETENTION_BYTES),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr(replication))));
    }

    /** A frames topic: size-bounded retention in small segments, records up to {@link Topics#FRAMES_MAX_MESSAGE_BYTES}. */
    public static NewTopic frames(String name, int partitions, short replication) {
        return new NewTopic(name, partitions, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES),
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(FRAMES_RETENTION_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT,
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(64 << 20),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr(replication)));
    }

    /**
     * Size bound of the objects topic per partition: what is tracked on each frame matters only while someone
     * watches live or an eval reads it; at a few hundred bytes a frame this is still hours of a busy camera.
     */
    public static final long OBJECTS_RETENTION_BYTES = 64L << 20;

    /** The objects topic: like the frames, bounded by size only (capture-time timestamps), in small segments. */
    public static NewTopic objects(String name, int partitions, short replication) {
        return new NewTopic(name, partitions, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(OBJECTS_RETENTION_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT,
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(8 << 20),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr(replication)));
    }

    /** A camera-status topic: compacted, so it keeps the latest status of every camera. */
    public static NewTopic cameraStatus(String name, int partitions, short replication) {
        return new NewTopic(name, partitions, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr(replication)));
    }

    /** The recordings topic: compacted, one record per segment; a tombstone when the segment is deleted. */
    public static NewTopic recordings(String name, int partitions, short replication) {
        return cameraStatus(name, partitions, replication);
    }

    /**
     * The motion topic: kept like the alerts (not compacted: every span of a camera shares its key), so a stopped
     * sink catches up on the spans that decide what mode motion keeps.
     */
    public static NewTopic motion(String name, int partitions, short replication) {
        return events(name, partitions, replication, Map.of());
    }

    /**
     * How long the alert and snapshot topics keep a record after it was written (broker time, so replayed
     * old footage is not deleted at once): long enough for a stopped sink to catch up, and no longer, so
     * snapshots of people do not outlive the database's retention inside Kafka by much. The database keeps
     * alerts for sink.retention_days (default 30) from their last activity; Kafka is only the way there.
     */
    public static final long EVENTS_RETENTION_MS = java.time.Duration.ofDays(7).toMillis();

    private static NewTopic events(String name, int partitions, short replication, Map<String, String> extra) {
        Map<String, String> configs = new HashMap<>(extra);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(EVENTS_RETENTION_MS));
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(EVENTS_RETENTION_BYTES));
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr(replication));
        return new NewTopic(name, partitions, replication).configs(configs);
    }

    /** Writes survive one broker failure: with replication 3, two replicas must acknowledge. */
    private static String minIsr(short replication) {
        return String.valueOf(Math.max(1, replication - 1));
    }

    /** Creates the missing topics of Vigil; existing ones are left as they are. */
    public static void ensure(Map<String, Object> kafka, int partitions, short replication) {
        ensure(kafka, topics(partitions, replication));
    }

    /**
     * Creates the missing ones of {@code topics}; existing ones are left as they are.
     *
     * @param kafka Kafka client settings: bootstrap.servers and the config's kafka.properties
     */
    public static void ensure(Map<String, Object> kafka, List<NewTopic> topics) {
        try (Admin admin = Admin.create(kafka)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) return;
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics " + topics.stream().map(NewTopic::name).toList()
                    + " on " + kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /** Creates the compacted recordings topic if missing (for ingest and replay, which create only their own topics). */
    public static void ensureRecordings(Map<String, Object> clientConfig, Layout layout, String topic) {
        ensure(connectionSettings(clientConfig), List.of(recordings(topic, layout.partitions(), layout.replication())));
    }

    /** Creates the recordings, motion and objects topics if missing (the sink subscribes to them before the detector may run). */
    public static void ensureSinkTopics(Map<String, Object> clientConfig, Layout layout, String recordings, String motion,
                                        String objects) {
        ensure(connectionSettings(clientConfig), List.of(recordings(recordings, layout.partitions(), layout.replication()),
                motion(motion, layout.partitions(), layout.replication()), objects(objects, layout.partitions(), layout.replication())));
    }

    /**
     * The topic's effective max.message.bytes, which may differ from ours when the topic existed before.
     * A topic created a moment ago may not be known to every broker yet, so this retries for a few seconds.
     */
    public static int maxMessageBytes(Map<String, Object> kafka, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(kafka)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                    ConfigEntry max = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                    return max == null ? Topics.FRAMES_MAX_MESSAGE_BYTES : Integer.parseInt(max.value());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 50) {
                        throw new IllegalStateException("Could not describe topic " + topic + " on "
                                + kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topic " + topic, e);
        }
    }

    /** Only the connection settings of a client config (bootstrap, security, SASL, SSL), for an Admin client. */
    public static Map<String, Object> connectionSettings(Map<String, Object> clientConfig) {
        Map<String, Object> admin = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (k.startsWith("bootstrap.") || k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")
                    || k.equals("client.dns.lookup")) {
                admin.put(k, v);
            }
        });
        return admin;
    }
}
