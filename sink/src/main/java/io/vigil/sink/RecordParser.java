package io.vigil.sink;

import io.vigil.common.Alert;
import io.vigil.common.CameraStatus;
import io.vigil.common.Json;
import io.vigil.common.MotionSpan;
import io.vigil.common.RecordingSegment;
import io.vigil.common.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns consumed records into {@link Incoming} items, rejecting what can never be stored. */
final class RecordParser {
    private static final Set<String> TYPES = Set.of(Alert.NEW, Alert.UPDATE, Alert.END);
    private static final int MAX_TEXT = 500;
    private static final int MAX_STATUS_BYTES = 64 * 1024;
    private static final java.time.Instant EARLIEST = java.time.Instant.parse("1970-01-01T00:00:00Z");
    private static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59Z");

    private final String alertsTopic;
    private final String snapshotsTopic;
    private final String cameraStatusTopic;
    private final String recordingsTopic;
    private final String motionTopic;
    private final String objectsTopic;

    RecordParser(SinkSettings config, String recordingsTopic, String motionTopic, String objectsTopic) {
        this.recordingsTopic = recordingsTopic;
        this.motionTopic = motionTopic;
        this.objectsTopic = objectsTopic;
        this.alertsTopic = config.alertsTopic();
        this.snapshotsTopic = config.snapshotsTopic();
        this.cameraStatusTopic = config.cameraStatusTopic();
    }

    Incoming parse(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        if (record.topic().equals(recordingsTopic)) return recording(record);
        if (record.value() == null) {
            throw new PoisonRecordException("empty value (tombstone)");
        }
        String topic = record.topic();
        if (topic.equals(alertsTopic)) return new Incoming.AlertEvent(alert(record.value()));
        if (topic.equals(snapshotsTopic)) return snapshot(record);
        if (topic.equals(cameraStatusTopic)) return cameraStatus(record);
        if (topic.equals(motionTopic)) return motion(record);
        if (topic.equals(objectsTopic)) return frameProcessed(record);
        throw new PoisonRecordException("unexpected topic");
    }

    static Alert alert(byte[] value) throws PoisonRecordException {
        Alert a;
        try {
            a = Json.MAPPER.readValue(value, Alert.class);
        } catch (IOException e) {
            throw new PoisonRecordException("not an alert JSON: " + firstLine(e.getMessage()));
        }
        if (a == null) throw new PoisonRecordException("not an alert JSON: null");
        requireText(a.id(), "id");
        requireText(a.camera(), "camera");
        requireText(a.label(), "label");
        if (a.type() == null || !TYPES.contains(a.type())) {
            throw new PoisonRecordException("field 'type' must be one of " + TYPES + ", was " + a.type());
        }
        if (a.startTime() == null && a.frameTime() == null) {
            throw new PoisonRecordException("field 'startTime' (or 'frameTime') is missing");
        }
        requireTime(a.startTime(), "startTime");
        requireTime(a.frameTime(), "frameTime");
        requireTime(a.endTime(), "endTime");
        if (a.frameWidth() < 0 || a.frameHeight() < 0) throw new PoisonRecordException("field 'frameWidth' or 'frameHeight' is negative");
        if (a.seq() < 0) throw new PoisonRecordException("field 'seq' must be >= 0, was " + a.seq());
        if (a.box() != null) {
            if (a.box().length != 4) throw new PoisonRecordException("field 'box' must have 4 numbers");
            for (double v : a.box()) {
                if (!Double.isFinite(v)) throw new PoisonRecordException("field 'box' holds a non-finite number");
            }
        }
        if (!Double.isFinite(a.score()) || !Double.isFinite(a.topScore())) {
            throw new PoisonRecordException("field 'score' or 'topScore' is not a finite number");
        }
        if (a.zones() != null && a.zones().stream().anyMatch(z -> z == null || z.length() > MAX_TEXT)) {
            throw new PoisonRecordException("field 'zones' holds an empty or over-long zone name");
        }
        return a;
    }

    private static Incoming snapshot(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        String alertId = key(record, "alert id");
        byte[] jpeg = record.value();
        // every JPEG starts with the SOI marker FF D8
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new PoisonRecordException("snapshot of alert " + alertId + " is not a JPEG");
        }
        return new Incoming.Snapshot(alertId, jpeg);
    }

    private static Incoming cameraStatus(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        String camera = key(record, "camera id");
        if (record.value().length > MAX_STATUS_BYTES) {
            throw new PoisonRecordException("status of camera " + camera + " is " + record.value().length + " bytes (more than " + MAX_STATUS_BYTES + ")");
        }
        try {
            if (!Json.MAPPER.readTree(record.value()).isObject()) {
                throw new PoisonRecordException("status of camera " + camera + " is not a JSON object");
            }
            CameraStatus status = Topics.CAMERA_STATUSES.valueSerde().deserializer().deserialize(record.topic(), record.value());
            return new Incoming.Status(camera, status);
        } catch (IOException | RuntimeException e) {
            throw new PoisonRecordException("status of camera " + camera + " is not a camera status: " + firstLine(e.getMessage()));
        }
    }

    private static Incoming recording(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        String key = key(record, "camera/start");
        if (record.value() == null) return new Incoming.Recording(key, null);
        RecordingSegment s = json(record.value(), RecordingSegment.class, "recording " + key + " is not a segment JSON");
        requireText(s.camera(), "camera");
        requireText(s.path(), "path");
        if (s.start() == null || s.end() == null || s.end().isBefore(s.start())) {
            throw new PoisonRecordException("recording " + key + ": 'start' and 'end' are needed, end >= start");
        }
        if (!RecordingSegment.SEGMENT.equals(s.source()) && !RecordingSegment.FILE.equals(s.source())) {
            throw new PoisonRecordException("recording " + key + ": 'source' must be segment or file, was " + s.source());
        }
        return new Incoming.Recording(key, s);
    }

    private static Incoming motion(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        String camera = key(record, "camera id");
        MotionSpan s = json(record.value(), MotionSpan.class, "motion of camera " + camera + " is not a motion span JSON");
        requireText(s.camera(), "camera");
        if (s.start() == null) throw new PoisonRecordException("motion of camera " + camera + ": field 'start' is missing");
        requireTime(s.start(), "start");
        requireTime(s.end(), "end");
        if (s.end() != null && s.end().isBefore(s.start())) {
            throw new PoisonRecordException("motion of camera " + camera + ": 'end' " + s.end() + " is before 'start' " + s.start());
        }
        return new Incoming.Motion(s);
    }

    /** Only the key and the timestamp (the capture time) of the detector's objects record matter here: no JSON parsing per frame. */
    private static Incoming frameProcessed(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        String camera = key(record, "camera id");
        if (record.timestamp() < 0) throw new PoisonRecordException("objects record of camera " + camera + " has no timestamp");
        return new Incoming.FrameProcessed(camera, java.time.Instant.ofEpochMilli(record.timestamp()));
    }

    /** The value read as {@code type}; what cannot be is poison, with {@code problem} and why. */
    private static <T> T json(byte[] value, Class<T> type, String problem) throws PoisonRecordException {
        T read;
        try {
            read = Json.MAPPER.readValue(value, type);
        } catch (IOException e) {
            throw new PoisonRecordException(problem + ": " + firstLine(e.getMessage()));
        }
        if (read == null) throw new PoisonRecordException(problem + ": null");
        return read;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record, String what) throws PoisonRecordException {
        if (record.key() == null || record.key().length == 0) {
            throw new PoisonRecordException("missing key (" + what + ")");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (key.length() > MAX_TEXT) throw new PoisonRecordException("key (" + what + ") is too long");
        return key;
    }

    /** Times the database can hold as epoch milliseconds and a person would believe. */
    private static void requireTime(java.time.Instant t, String field) throws PoisonRecordException {
        if (t != null && (t.isBefore(EARLIEST) || t.isAfter(LATEST))) {
            throw new PoisonRecordException("field '" + field + "' is out of range (" + EARLIEST + " to " + LATEST + "): " + t);
        }
    }

    private static void requireText(String value, String field) throws PoisonRecordException {
        if (value == null || value.isBlank()) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
        if (value.length() > MAX_TEXT) {
            throw new PoisonRecordException("field '" + field + "' is longer than " + MAX_TEXT + " characters");
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
