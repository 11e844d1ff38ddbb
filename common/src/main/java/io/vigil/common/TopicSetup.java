package io.vigil.common;

import java.util.ArrayList;
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
        String minIsr = String.valueOf(Math.max(1, replication - 1));
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.FRAMES, partitions, replication).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES),
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(FRAMES_RETENTION_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT,
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(64 << 20),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
        topics.add(new NewTopic(Topics.ALERTS, partitions, replication).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT,
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(EVENTS_RETENTION_BYTES),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
        topics.add(new NewTopic(Topics.SNAPSHOTS, partitions, replication).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT,
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(EVENTS_RETENTION_BYTES),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
        topics.add(new NewTopic(Topics.CAMERA_STATUS, partitions, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
        topics.add(new NewTopic(Topics.DEAD_LETTER, partitions, replication).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.FRAMES_MAX_MESSAGE_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, NO_TIME_LIMIT,
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(FRAMES_RETENTION_BYTES),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
        return topics;
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
