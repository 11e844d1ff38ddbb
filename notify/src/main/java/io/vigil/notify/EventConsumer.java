package io.vigil.notify;

import io.vigil.common.OffsetCommitter;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads alerts, camera states and (for MQTT) snapshots in notify's own consumer group and hands each record
 * to the targets. A partition's position is committed only up to its oldest record not yet delivered
 * everywhere, so a restart redelivers rather than loses. While MQTT has too much outstanding the partitions
 * are paused (the poll loop keeps running, so the consumer stays in its group).
 */
final class EventConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Set<String> TYPES = Set.of(Alert.NEW, Alert.UPDATE, Alert.END);

    private final Map<String, Object> kafka;
    private final String groupId;
    final String alertsTopic;
    final String statusTopic;
    final String snapshotsTopic;
    private final MqttBridge mqtt;
    private final List<WebhookTarget> webhooks;
    private final NotifyMetrics metrics;
    private final InFlightOffsets inFlight = new InFlightOffsets();
    private final OffsetCommitter committer = new OffsetCommitter(log, "records may be sent again after a restart");
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private long poison;

    EventConsumer(Map<String, Object> kafka, String groupId, String alertsTopic, String statusTopic, String snapshotsTopic,
                  MqttBridge mqtt, List<WebhookTarget> webhooks, NotifyMetrics metrics) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.alertsTopic = alertsTopic;
        this.statusTopic = statusTopic;
        this.snapshotsTopic = snapshotsTopic;
        this.mqtt = mqtt;
        this.webhooks = webhooks;
        this.metrics = metrics;
    }

    List<String> topics() {
        return mqtt != null ? List.of(alertsTopic, statusTopic, snapshotsTopic) : List.of(alertsTopic);
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(topics(), new Rebalance());
            running = true;
            log.info("Notify consuming {} as group {}", topics(), groupId);
            while (stop.getCount() > 0) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) dispatch(r);
                applyBackpressure(c);
                commit(c);
            }
            commit(c);
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            log.error("Notify consumer stopped: {}", e.toString(), e);
        } finally {
            running = false;
            consumer = null;
        }
    }

    boolean running() {
        return running;
    }

    /** Waits until the first partitions are assigned and their positions known (events after this are sent). */
    boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Delivery d = inFlight.begin(tp, r.offset());
        try {
            if (r.topic().equals(alertsTopic)) {
                Alert a = alert(r.value());
                if (a == null) {
                    poison(r, "not a valid alert event");
                } else {
                    if (mqtt != null) mqtt.event(a, r.value(), d);
                    for (WebhookTarget w : webhooks) if (w.wants(a)) w.enqueue(a, r.value(), d);
                }
            } else if (r.topic().equals(statusTopic)) {
                String state = cameraState(r.value());
                if (r.key() == null || state == null) poison(r, "not a camera status");
                else mqtt.cameraStatus(new String(r.key(), StandardCharsets.UTF_8), state, d);
            } else if (r.topic().equals(snapshotsTopic)) {
                byte[] v = r.value();
                if (r.key() == null || v == null || v.length < 4 || (v[0] & 0xFF) != 0xFF || (v[1] & 0xFF) != 0xD8) {
                    poison(r, "not a JPEG snapshot keyed by alert id");
                } else {
                    mqtt.snapshot(new String(r.key(), StandardCharsets.UTF_8), v, r.timestamp(), d);
                }
            }
        } finally {
            d.finish();
        }
    }

    static Alert alert(byte[] value) {
        if (value == null) return null;
        try {
            Alert a = Json.MAPPER.readValue(value, Alert.class);
            if (a == null || a.id() == null || a.camera() == null || a.label() == null || !TYPES.contains(a.type())) return null;
            return a;
        } catch (IOException e) {
            return null;
        }
    }

    private static String cameraState(byte[] value) {
        if (value == null) return null;
        try {
            JsonNode n = Json.MAPPER.readTree(value);
            return n != null && n.path("state").isTextual() ? n.get("state").textValue() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void poison(ConsumerRecord<byte[], byte[]> r, String why) {
        metrics.poisonRecords.increment();
        if (poison++ % 1000 == 0) {
            log.warn("Skipping record {}-{} offset {}: {} ({} skipped so far)", r.topic(), r.partition(), r.offset(), why, poison);
        }
    }

    private void applyBackpressure(KafkaConsumer<byte[], byte[]> c) {
        if (mqtt == null) return;
        boolean full = mqtt.outstanding() >= mqtt.highWater();
        if (full && c.paused().isEmpty() && !c.assignment().isEmpty()) {
            log.info("Notify pausing: {} MQTT messages outstanding", mqtt.outstanding());
            c.pause(c.assignment());
        } else if (!full && !c.paused().isEmpty()) {
            log.info("Notify resuming");
            c.resume(c.paused());
        }
    }

    /** Commits, per partition, the oldest offset not yet delivered (or the position when all are). */
    private void commit(KafkaConsumer<byte[], byte[]> c) {
        committer.commit(c, tp -> {
            Long open = inFlight.lowestOpen(tp);
            return open != null ? open : OffsetCommitter.position(c, tp);
        });
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-notify");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group starts at the end: nobody wants months of old alerts in their chat on the first start.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        return p;
    }

    void close() {
        stop.countDown();
    }

    void wakeup() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            KafkaConsumer<byte[], byte[]> c = consumer;
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition tp : partitions) start.put(tp, new OffsetAndMetadata(c.position(tp)));
            if (!start.isEmpty()) {
                c.commitSync(start); // the starting point, so that "delivered up to the end" can be checked
                start.forEach((tp, o) -> committer.committed(tp, o.offset()));
            }
            log.info("Notify assigned {} partition(s)", partitions.size());
            assigned.countDown();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(consumer);
            inFlight.forget(partitions);
            committer.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inFlight.forget(partitions);
            committer.forget(partitions);
        }
    }
}
