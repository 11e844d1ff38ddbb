package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vigil up's console tally on hostile alert records: it skips them and goes on counting. */
class AlertTallyIT {
    @TempDir Path dir;

    @Test
    void nullAndMalformedAlertsAreSkippedAndTheNextOneCounted() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(dir.resolve("kafka"), 0)) {
            Map<String, Object> p = kafka.clientConfig();
            TopicSetup.ensure(p, 1, (short) 1);
            List<Alert> shown = new ArrayList<>();
            try (AlertTally tally = new AlertTally(p, shown::add);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                         new StringSerializer(), new ByteArraySerializer())) {
                for (String bad : new String[] {null, "null", "", "{\"type\":\"new\"}", "{\"type\":7,\"label\":[]}", "[]", "\u00ff\u00fe"}) {
                    producer.send(new ProducerRecord<>(Topics.ALERTS, "gate", bad == null ? null : bad.getBytes(StandardCharsets.ISO_8859_1)));
                }
                Instant t = Instant.parse("2026-11-20T22:00:00Z");
                Alert good = new Alert(Alert.NEW, "gate-1", "gate", "person\u001b[2J", 0.9, 0.9, new double[] {1, 2, 3, 4},
                        t, 640, 480, List.of(), t, null, 0);
                producer.send(new ProducerRecord<>(Topics.ALERTS, "gate", Json.bytes(good))).get();
                tally.drain();
                tally.poll(Duration.ofMillis(200));
            }
            assertThat(shown).extracting(Alert::id).containsExactly("gate-1");
            assertThat(UpCommand.printable(shown.get(0).label())).isEqualTo("person[2J");
        }
    }
}
