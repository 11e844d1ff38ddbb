package io.vigil.ingest;

import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka producer ingest publishes with: idempotent, acks=all, no compression (JPEG is compressed). */
public final class FrameProducer {
    private FrameProducer() {}

    /** Our settings, then {@code overrides} (at least bootstrap.servers) on top. */
    public static Map<String, Object> config(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-ingest");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.FRAMES_MAX_MESSAGE_BYTES);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(overrides);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    static Producer<String, byte[]> create(Map<String, Object> config) {
        return new KafkaProducer<>(config);
    }

    /**
     * Creates the frames topic (and the status topic when {@code statusTopic} is not null) if missing, through
     * {@link TopicSetup}, and returns the record size limit for the frames topic.
     */
    static int prepareTopics(Map<String, Object> config, TopicSetup.Layout layout, String framesTopic, String statusTopic) {
        Map<String, Object> admin = TopicSetup.connectionSettings(config);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(TopicSetup.frames(framesTopic, layout.partitions(), layout.replication()));
        if (statusTopic != null) topics.add(TopicSetup.cameraStatus(statusTopic, layout.partitions(), layout.replication()));
        TopicSetup.ensure(admin, topics);
        return recordLimit(config, TopicSetup.maxMessageBytes(admin, framesTopic));
    }

    /** The record size limit: the smaller of the topic's max.message.bytes and the producer's max.request.size. */
    static int recordLimit(Map<String, Object> config, int topicMaxMessageBytes) {
        Object request = config.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int requestLimit = request == null ? Topics.FRAMES_MAX_MESSAGE_BYTES : Integer.parseInt(request.toString());
        return Math.min(requestLimit, topicMaxMessageBytes);
    }
}
