package io.vigil.ingest;

import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics ingest writes to, created when missing: the frames topic with size-bounded retention
 * and a max.message.bytes that fits 4K JPEGs, and the compacted camera-status topic.
 */
public final class IngestTopics {
    /** Frames are perishable: each partition keeps at most this many bytes (the same bound as {@link TopicSetup}). */
    public static final long FRAMES_RETENTION_BYTES = TopicSetup.FRAMES_RETENTION_BYTES;
    /**
     * No time limit: record timestamps are capture times, and a replay of last month's footage
     * carries last month's times, which time-based retention would delete before they are processed.
     */
    public static final long FRAMES_RETENTION_MS = -1;
    /** Small segments, so size-bounded retention can delete in small steps. */
    public static final int FRAMES_SEGMENT_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_PARTITIONS = 3;

    private IngestTopics() {}

    /** The frames topic: size-bounded retention, {@link Topics#FRAMES_MAX_MESSAGE_BYTES} per record. */
    public static NewTopic frames(String name, int partitions, short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(FRAMES_RETENTION_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(FRAMES_RETENTION_MS),
                TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(FRAMES_SEGMENT_BYTES),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.FRAMES_MAX_MESSAGE_BYTES)));
    }

    /** The camera-status topic: compacted, so it keeps the latest status of every camera. */
    public static NewTopic cameraStatus(String name, int partitions, short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * Creates the frames topic (and the status topic when {@code statusTopic} is not null) if
     * missing, with a replication factor of min(3, brokers), and returns the frames topic's
     * effective max.message.bytes, which may differ from ours when the topic already existed.
     */
    public static int ensure(Map<String, Object> adminConfig, String framesTopic, String statusTopic) {
        try (Admin admin = Admin.create(adminConfig)) {
            int brokers = admin.describeCluster().nodes().get().size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            create(admin, frames(framesTopic, DEFAULT_PARTITIONS, replication));
            if (statusTopic != null) create(admin, cameraStatus(statusTopic, 1, replication));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, framesTopic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            ConfigEntry max = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return max == null ? Topics.FRAMES_MAX_MESSAGE_BYTES : Integer.parseInt(max.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("interrupted while creating topics");
        } catch (ExecutionException e) {
            throw new IngestException("cannot create or describe topics " + framesTopic + ", " + statusTopic
                    + " at " + adminConfig.get("bootstrap.servers") + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException {
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    /** Only the connection settings of a producer config, for an Admin client. */
    static Map<String, Object> adminConfig(Map<String, Object> producerConfig) {
        Map<String, Object> admin = new HashMap<>();
        producerConfig.forEach((k, v) -> {
            if (k.startsWith("bootstrap.") || k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")
                    || k.equals("client.dns.lookup")) {
                admin.put(k, v);
            }
        });
        return admin;
    }
}
