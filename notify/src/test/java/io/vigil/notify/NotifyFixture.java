package io.vigil.notify;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A real embedded Kafka broker with Vigil's topics, and a producer writing what ingest and the detector would. */
final class NotifyFixture implements AutoCloseable {
    final EmbeddedKafka kafka = TestKitCluster.start(1);
    final KafkaProducer<String, byte[]> producer;

    NotifyFixture() {
        TopicSetup.ensure(kafkaProperties(), 3, (short) 1);
        Map<String, Object> p = new java.util.HashMap<>(kafkaProperties());
        p.put("acks", "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    Map<String, Object> kafkaProperties() {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    static Alert alert(String type, String camera, String id, String label, int seq, List<String> zones) {
        Instant t = Instant.parse("2026-11-20T22:00:00Z").plusSeconds(seq);
        return new Alert(type, id, camera, label, 0.8, 0.8, new double[] {10, 20, 110, 220}, t, 640, 480, zones,
                Instant.parse("2026-11-20T22:00:00Z"), Alert.END.equals(type) ? t : null, seq);
    }

    void send(Alert a) {
        producer.send(new ProducerRecord<>(Topics.ALERTS, a.camera(), Json.bytes(a)));
        producer.flush();
    }

    void snapshot(String alertId, byte[] jpeg) {
        producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, alertId, jpeg));
        producer.flush();
    }

    void status(String camera, String state) {
        byte[] v = Json.bytes(Map.of("camera", camera, "state", state, "fps", 5.0));
        producer.send(new ProducerRecord<>(Topics.CAMERA_STATUS, camera, v));
        producer.flush();
    }

    void raw(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        kafka.close();
    }
}
