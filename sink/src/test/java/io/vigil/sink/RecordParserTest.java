package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.common.Alert;
import io.vigil.common.CameraState;
import io.vigil.common.CameraStatus;
import io.vigil.common.Json;
import io.vigil.common.FrameObjects;
import io.vigil.common.MotionSpan;
import io.vigil.common.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** What the sink accepts from each topic, and the poison records it rejects with a reason. */
class RecordParserTest {
    private static final Instant T0 = Instant.parse("2026-11-20T22:00:00Z");
    private final RecordParser parser = new RecordParser(SinkSettings.of(Map.of("bootstrap.servers", "unused:9092"), Path.of(".")),
            Topics.RECORDINGS, Topics.MOTION, Topics.OBJECTS);

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Alert alert(String type, double[] box, int seq) {
        return new Alert(type, "lobby-1", "lobby", "person", 0.7, 0.7, box, T0, 640, 480, List.of("door"), T0, null, seq);
    }

    @Test
    void anAlertEventIsReadAsIsAndChecked() throws Exception {
        Alert sent = alert(Alert.NEW, new double[] {1, 2, 30, 40}, 0);
        Incoming in = parser.parse(record(Topics.ALERTS, "lobby", Json.bytes(sent)));
        assertThat(in).isInstanceOfSatisfying(Incoming.AlertEvent.class, e -> {
            assertThat(e.alert().id()).isEqualTo("lobby-1");
            assertThat(e.alert().box()).containsExactly(1, 2, 30, 40);
            assertThat(e.alert().zones()).containsExactly("door");
        });
    }

    @Test
    void alertsThatCanNeverBeStoredArePoisonWithTheReason() {
        assertThatThrownBy(() -> parser.parse(record(Topics.ALERTS, "lobby", utf8("{not json"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("not an alert JSON");
        assertThatThrownBy(() -> parser.parse(record(Topics.ALERTS, "lobby", Json.bytes(alert("moved", null, 0)))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("field 'type'");
        assertThatThrownBy(() -> parser.parse(record(Topics.ALERTS, "lobby", Json.bytes(alert(Alert.NEW, new double[] {1, 2}, 0)))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("'box' must have 4 numbers");
        assertThatThrownBy(() -> parser.parse(record(Topics.ALERTS, "lobby", Json.bytes(alert(Alert.NEW, null, -1)))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("'seq' must be >= 0");
        assertThatThrownBy(() -> parser.parse(record(Topics.ALERTS, "lobby", utf8("{\"type\":\"new\",\"camera\":\"lobby\",\"label\":\"person\"}"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("field 'id' is missing");
        assertThatThrownBy(() -> parser.parse(record(Topics.ALERTS, "lobby", null)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("tombstone");
    }

    @Test
    void aSnapshotMustBeAJpegKeyedByItsAlert() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0};
        assertThat(parser.parse(record(Topics.SNAPSHOTS, "lobby-1", jpeg)))
                .isInstanceOfSatisfying(Incoming.Snapshot.class, s -> assertThat(s.alertId()).isEqualTo("lobby-1"));
        assertThatThrownBy(() -> parser.parse(record(Topics.SNAPSHOTS, "lobby-1", utf8("GIF89a"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("is not a JPEG");
        assertThatThrownBy(() -> parser.parse(record(Topics.SNAPSHOTS, null, jpeg)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("missing key");
    }

    @Test
    void aCameraStatusIsReadIntoTheSharedType() throws Exception {
        CameraStatus sent = new CameraStatus("porch", CameraState.ONLINE, 5.0, T0, null);
        byte[] value = Topics.CAMERA_STATUSES.valueSerde().serializer().serialize(Topics.CAMERA_STATUS, sent);
        assertThat(parser.parse(record(Topics.CAMERA_STATUS, "porch", value)))
                .isInstanceOfSatisfying(Incoming.Status.class, s -> {
                    assertThat(s.camera()).isEqualTo("porch");
                    assertThat(s.status()).isEqualTo(sent);
                });
        assertThatThrownBy(() -> parser.parse(record(Topics.CAMERA_STATUS, "porch", utf8("[1, 2]"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.parse(record(Topics.CAMERA_STATUS, "porch", utf8("{\"state\":\"asleep\"}"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("status of camera porch");
    }

    @Test
    void aMotionSpanIsReadAsPublishedOpenOrClosed() throws Exception {
        MotionSpan open = new MotionSpan("porch", T0, null);
        MotionSpan closed = new MotionSpan("porch", T0, T0.plusSeconds(12));
        for (MotionSpan sent : List.of(open, closed)) {
            byte[] bytes = Topics.MOTION_SPANS.valueSerde().serializer().serialize(Topics.MOTION, sent);
            assertThat(parser.parse(record(Topics.MOTION, "porch", bytes))).isEqualTo(new Incoming.Motion(sent));
        }
    }

    @Test
    void motionSpansThatCanNeverBeStoredArePoisonWithTheReason() {
        assertThatThrownBy(() -> parser.parse(record(Topics.MOTION, "porch", utf8("[1, 2]"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("motion of camera porch is not a motion span JSON");
        assertThatThrownBy(() -> parser.parse(record(Topics.MOTION, "porch", utf8("{\"camera\":\"porch\"}"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("field 'start' is missing");
        assertThatThrownBy(() -> parser.parse(record(Topics.MOTION, "porch", utf8("{\"start\":\"2026-11-20T22:00:00Z\"}"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("field 'camera' is missing");
        assertThatThrownBy(() -> parser.parse(record(Topics.MOTION, "porch",
                Json.bytes(new MotionSpan("porch", T0, T0.minusSeconds(1))))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("'end'").hasMessageContaining("before 'start'");
        assertThatThrownBy(() -> parser.parse(record(Topics.MOTION, null, Json.bytes(new MotionSpan("porch", T0, null)))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("missing key");
        assertThatThrownBy(() -> parser.parse(record(Topics.MOTION, "porch", null)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("tombstone");
    }

    @Test
    void theDetectorsObjectsRecordTellsWhichFrameOfWhichCameraItProcessed() throws Exception {
        byte[] value = Json.bytes(new FrameObjects("porch", T0, 768, 576, false, List.of()));
        ConsumerRecord<byte[], byte[]> processed = new ConsumerRecord<>(Topics.OBJECTS, 0, 0, T0.toEpochMilli(),
                TimestampType.CREATE_TIME, 5, value.length, utf8("porch"), value, new RecordHeaders(), Optional.empty());
        assertThat(parser.parse(processed)).isEqualTo(new Incoming.FrameProcessed("porch", T0));
        assertThatThrownBy(() -> parser.parse(record(Topics.OBJECTS, "porch", value))) // no timestamp
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("objects record of camera porch has no timestamp");
        assertThatThrownBy(() -> parser.parse(record(Topics.OBJECTS, null, value)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("missing key");
    }

    @Test
    void aRecordOfAnotherTopicIsRejected() {
        assertThatThrownBy(() -> parser.parse(record("vigil.other", "x", utf8("{}"))))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("unexpected topic");
    }
}
