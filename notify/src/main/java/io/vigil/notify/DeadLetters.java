package io.vigil.notify;

import io.vigil.common.Alert;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events a target gave up on, on the dead-letter topic: key = camera id, value = the event as it was to be
 * sent, headers {@code reason}, {@code target} (the target's name, never its URL) and {@code alert-id}.
 */
final class DeadLetters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    DeadLetters(Map<String, Object> kafka, String topic) {
        this.topic = topic;
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-notify-dead-letters");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes the event; {@code delivery} finishes once Kafka has it (or the write failed for good). */
    void send(String target, Alert alert, byte[] body, String reason, Delivery delivery) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, alert.camera(), body);
        r.headers().add("reason", reason.getBytes(StandardCharsets.UTF_8));
        r.headers().add("target", target.getBytes(StandardCharsets.UTF_8));
        r.headers().add("alert-id", alert.id().getBytes(StandardCharsets.UTF_8));
        producer.send(r, (meta, e) -> {
            if (e != null) log.error("Could not write the dead letter of alert {} for {}: {}", alert.id(), target, e.toString());
            delivery.finish();
        });
    }

    @Override
    public void close() {
        producer.close();
    }
}
