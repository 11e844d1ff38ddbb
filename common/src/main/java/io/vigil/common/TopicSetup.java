package io.vigil.common;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Vigil's topics with their settings if they do not exist yet (idempotent, safe from every service). */
public final class TopicSetup {
    /** Size bound of the frames topic per partition: frames are transient, alerts are what is kept. */
    public static final long FRAMES_RETENTION_BYTES = 1L << 30;
    /** Size bound per partition of the alert and snapshot topics (the database keeps alerts by age). */
    public static final long EVENTS_RETENTION_BYTES = 2L << 30;
    /**
     * Record timestamps are capture times, and a replay of last month's footage carries last month's
     * times: time-based retention would delete such records before they are processed, so every topic
     * is bounded by size only.
     */
    private static final String NO_TIME_LIMIT = "-1";

    private TopicSetup() {}

    /** The topics and their settings, for the given partition count and replication factor. */
    public static List<NewTopic> topics(int partitions, short replication) {
        return List.of(
                frames(Topics.FRAMES, partitions, replication),
                events(Topics.ALERTS, partitions, replication, Map.of()),
                events(Topics.SNAPSHOTS, partitions, replication,
                        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES))),
                cameraStatus(Topics.CAMERA_STATUS, partitions, replication),
                recordings(Topics.RECORDINGS, partitions, replication),
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

    private static NewTopic events(String name, int partitions, short replication, Map<String, String> extra) {
        Map<String, String> configs = new java.util.HashMap<>(extra);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT);
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(EVENTS_RETENTION_BYTES));
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr(replication));
        return new NewTopic(name, partitions, replication).configs(configs);
    }

    /** Writes survive one broker failure: with replication 3, two replicas must acknowledge. */
    private static String minIsr(short replication) {
        return String.valueOf(Math.max(1, replication - 1));
    }

    /** Creates the missing topics; existing ones are left as they are. */
    public static void ensure(Properties kafka, int partitions, short replication) {
        Properties p = new Properties();
        p.putAll(kafka);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics(partitions, replication).stream()
                    .filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) return;
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create Vigil's topics on " + kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
