package io.vigil.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("vigil.yml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void theAnnotatedExampleIsValid() {
        Path example = Path.of("src/test/resources/vigil.example.yml");
        VigilConfig c = ConfigLoader.load(example, Map.of("VIGIL_BOOTSTRAP_SERVERS", "kafka-1:9092"));
        assertThat(c.kafka.bootstrapServers).isEqualTo("kafka-1:9092");
        assertThat(c.cameras).extracting(cam -> cam.id).containsExactly("front_door", "backyard");
        assertThat(c.cameras.get(0).zones).containsKey("porch");
        assertThat(c.detector.objects.get("car").minArea).isEqualTo(1500);
        assertThat(c.cameras.get(1).enabled).isFalse();
    }

    @Test
    void theExampleInTheRepoRootIsTheOneTested() throws IOException {
        assertThat(Files.readString(Path.of("../vigil.example.yml")))
                .isEqualTo(Files.readString(Path.of("src/test/resources/vigil.example.yml")));
    }

    @Test
    void nanodetsInputSizeIsAMultipleOf32() throws IOException {
        assertThat(ConfigLoader.load(write("detector: {model: nanodet, input_size: 320}"), Map.of()).detector.inputSize).isEqualTo(320);
        ConfigException nanodet = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(write("detector: {model: nanodet, input_size: 300}"), Map.of()));
        assertThat(nanodet.errors()).containsExactly("detector.input_size: nanodet needs a multiple of 32 (320 or 416), got 300");
    }

    @Test
    void everyErrorIsReportedAtOnceWithItsPathAndValue() throws IOException {
        Path f = write("""
                cameras:
                  - id: "bad id!"
                    url: rtsp://cam/1
                    detect: {fps: 0, width: 640}
                  - id: ok
                    url: ""
                    rtsp_transport: quic
                    zones:
                      door: [[0, 0], [1, 1]]
                detector:
                  model: resnet
                  objects:
                    person: {min_score: 1.5}
                sink:
                  database_url: jdbc:mysql://db/vigil
                  http_port: 70000
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertThat(e.errors()).containsExactlyInAnyOrder(
                "cameras[0].id: must be 1-64 letters, digits, '_', '.' or '-', got 'bad id!'",
                "cameras[0].detect.fps: must be greater than 0, got 0.0",
                "cameras[1].url: must not be blank",
                "cameras[1].rtsp_transport: must be tcp or udp, got 'quic'",
                "cameras[1].zones.door: a polygon needs at least 3 points [x, y], got [[0.0, 0.0], [1.0, 1.0]]",
                "detector.model: must be nanodet, centernet, yolov5s or a path to an .onnx file, got 'resnet'",
                "detector.objects.person.min_score: must be less than or equal to 1, got 1.5",
                "sink.database_url: must be a jdbc:sqlite: or jdbc:postgresql: URL",
                "sink.http_port: must be less than or equal to 65535, got 70000");
        assertThat(e.getMessage()).contains(f.toString());
    }

    @Test
    void recordSettingsHaveDefaultsAndAreChecked() throws IOException {
        VigilConfig c = ConfigLoader.load(write("cameras:\n  - id: a\n    url: x.mp4\n    record: {enabled: true}\n"), Map.of());
        VigilConfig.Record r = c.cameras.get(0).record;
        assertThat(r.enabled).isTrue();
        assertThat(r.mode).isEqualTo("all");
        assertThat(r.segmentSeconds).isEqualTo(10);
        assertThat(r.preCapture).isEqualTo(5);
        assertThat(r.postCapture).isEqualTo(5);
        Path motion = write("cameras:\n  - id: a\n    url: x.mp4\n    record: {enabled: true, mode: motion}\n");
        assertThat(ConfigLoader.load(motion, Map.of()).cameras.get(0).record.mode).isEqualTo("motion");
        Path bad = write("""
                cameras:
                  - id: a
                    url: x.mp4
                    record: {enabled: true, mode: sometimes, segment_seconds: 0, retain_days: 7, events_retain_days: 3, pre_capture: -1}
                recordings: {min_free_mb: -5}
                """);
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(bad, Map.of())).errors()).containsExactlyInAnyOrder(
                "cameras[0].record.mode: must be all, motion or events, got 'sometimes'",
                "cameras[0].record.segment_seconds: must be greater than or equal to 1, got 0",
                "cameras[0].record.events_retain_days: must be >= retain_days, got 3",
                "cameras[0].record.pre_capture: must be greater than or equal to 0, got -1",
                "recordings.min_free_mb: must be greater than or equal to 0, got -5");
    }

    @Test
    void unknownKeysAndWrongTypesNameTheirPath() throws IOException {
        Path typo = write("cameras:\n  - id: a\n    url: x.mp4\n    detect: {fsp: 5}\n");
        assertThatThrownBy(() -> ConfigLoader.load(typo, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cameras[0].detect").hasMessageContaining("fsp");
        Path type = write("sink:\n  http_port: eighty\n");
        assertThatThrownBy(() -> ConfigLoader.load(type, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.http_port").hasMessageContaining("eighty");
    }

    @Test
    void everyUnknownKeyIsReportedWithItsPath() throws IOException {
        Path f = write("cameras:\n  - id: a\n    url: x.mp4\n    detect: {fsp: 5}\n    colour: red\nsink:\n  htpp_port: 1\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertThat(e.errors()).containsExactly(
                "cameras[0].detect: unknown field \"fsp\"",
                "cameras[0]: unknown field \"colour\"",
                "sink: unknown field \"htpp_port\"");
    }

    @Test
    void aKeyWrittenTwiceIsAnError() throws IOException {
        Path f = write("kafka:\n  partitions: 3\n  partitions: 12\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("duplicate key 'partitions'");
    }

    @Test
    void sectionsListsAndMapsLeftEmptyMeanTheirDefaults() throws IOException {
        Path f = write("""
                kafka:
                  properties:
                cameras:
                  - id: door
                    url: door.mp4
                    detect:
                    zones:
                    object_masks:
                    motion_masks:
                detector:
                  objects:
                    person:
                  motion:
                  tracker:
                sink:
                notify:
                  mqtt:
                  webhooks:
                """);
        VigilConfig c = ConfigLoader.load(f, Map.of());
        VigilConfig defaults = new VigilConfig();
        assertThat(c.kafka.properties).isEmpty();
        assertThat(c.cameras.get(0).zones).isEmpty();
        assertThat(c.cameras.get(0).objectMasks).isEmpty();
        assertThat(c.cameras.get(0).detect.fps).isEqualTo(new VigilConfig.Detect().fps);
        assertThat(c.detector.objects.get("person").minScore).isEqualTo(new VigilConfig.ObjectRule().minScore);
        assertThat(c.detector.motion.threshold).isEqualTo(defaults.detector.motion.threshold);
        assertThat(c.detector.tracker.minHits).isEqualTo(defaults.detector.tracker.minHits);
        assertThat(c.sink.retentionDays).isEqualTo(defaults.sink.retentionDays);
        assertThat(c.notify.webhooks).isEmpty();
        assertThat(ConfigLoader.load(write("cameras:\n"), Map.of()).cameras).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(write("kafka:\n  properties:\n    security.protocol:\n"), Map.of()))
                .hasMessageContaining("kafka.properties.security.protocol: needs a value");
    }

    @Test
    void documentedValuesAreAccepted() throws IOException {
        VigilConfig c = ConfigLoader.load(write("""
                cameras:
                  - {id: door, url: rtsp://cam/1, rtsp_transport: TCP, watchdog_seconds: 45}
                sink:
                  retention_days: 0
                """), Map.of());
        assertThat(c.sink.retentionDays).isZero();
        assertThat(c.cameras.get(0).rtspTransport).isEqualToIgnoringCase("tcp");
        assertThat(c.cameras.get(0).watchdogSeconds).isEqualTo(45);
    }

    @Test
    void noSecretIsRepeatedInAnError() throws IOException {
        Path f = write("""
                cameras:
                  - {id: door, url: "rtsp://admin:hunter2@cam:554/x y%", detect: {fps: 99}}
                sink:
                  database_url: jdbc:mysql://db/vigil?password=hunter2
                  api_token: hunter2
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertThat(e.errors()).contains("sink.database_url: must be a jdbc:sqlite: or jdbc:postgresql: URL",
                "cameras[0].url: not a URL or file path");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void environmentVariablesAreSubstitutedAndMissingOnesReported() throws IOException {
        Path f = write("sink:\n  api_token: ${TOKEN}\n  database_url: ${DB:-jdbc:postgresql://127.0.0.1:5432/test}\n");
        VigilConfig c = ConfigLoader.load(f, Map.of("TOKEN", "s3cret"));
        assertThat(c.sink.apiToken).isEqualTo("s3cret");
        assertThat(c.sink.databaseUrl).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("environment variable TOKEN is not set");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yml"), Map.of()))
                .hasMessageContaining("nope.yml").hasMessageContaining("file not found");
    }
}
