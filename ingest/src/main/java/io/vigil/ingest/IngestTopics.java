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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics ingest writes to, created when missing: the frames topic with size-bounded retention
 * and a max.message.bytes that fits 4K JPEGs, and the compacted camera-status topic.
 */
public final class IngestTopics {
    public static final int DEFAULT_PARTITIONS = 3;

    private IngestTopics() {}

    /** The frames topic, as {@link TopicSetup} makes it. */
    public static NewTopic frames(String name, int partitions, short replicationFactor) {
        return TopicSetup.frames(name, partitions, replicationFactor);
    }

    /** The camera-status topic, as {@link TopicSetup} makes it. */
    public static NewTopic cameraStatus(String name, int partitions, short replicationFactor) {
        return TopicSetup.cameraStatus(name, partitions, replicationFactor);
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
            ConfigEntry max = describe(admin, framesTopic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return max == null ? Topics.FRAMES_MAX_MESSAGE_BYTES : Integer.parseInt(max.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("interrupted while creating topics");
        } catch (ExecutionException e) {
            throw new IngestException("cannot create or describe topics " + framesTopic + ", " + statusTopic
                    + " at " + adminConfig.get("bootstrap.servers") + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Creates the compacted recordings topic if missing (replication min(3, brokers)). */
    public static void ensureRecordings(Map<String, Object> adminConfig, String topic) {
        try (Admin admin = Admin.create(adminConfig)) {
            int brokers = admin.describeCluster().nodes().get().size();
            create(admin, TopicSetup.recordings(topic, DEFAULT_PARTITIONS, (short) Math.max(1, Math.min(3, brokers))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("interrupted while creating topics");
        } catch (ExecutionException e) {
            throw new IngestException("cannot create topic " + topic + " at " + adminConfig.get("bootstrap.servers")
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The topic's config; a topic created a moment ago may not be known to every broker yet. */
    private static Config describe(Admin admin, String topic) throws InterruptedException, ExecutionException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeConfigs(List.of(resource)).all().get().get(resource);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 50) throw e;
                Thread.sleep(100);
            }
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
