package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.FrameHeaders;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorSettings;
import io.vigil.vision.Detection;
import io.vigil.vision.Images;
import io.vigil.vision.ObjectDetector;
import io.vigil.vision.OnnxDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller commands, run as a user runs them, checked with the reference tools (Kafka's own consumer). */
class CliCommandsIT {
    @TempDir Path dir;

    @Test
    void detectPrintsOneJsonLinePerImageAndDrawsBoxes() throws Exception {
        Cli detect = Cli.run("detect", "--draw", dir, "../samples/images/dog.jpg", "../samples/images/person.jpg");
        assertThat(detect.exitCode()).as(detect.err()).isZero();
        List<String> lines = detect.outLines();
        assertThat(lines).hasSize(2);
        JsonNode dog = Json.MAPPER.readTree(lines.get(0));
        assertThat(dog.get("image").asText()).isEqualTo("dog.jpg");
        assertThat(dog.get("width").asInt()).isEqualTo(768);
        List<String> labels = new ArrayList<>();
        dog.get("detections").forEach(d -> labels.add(d.get("label").asText()));
        assertThat(labels).contains("dog", "bicycle").containsAnyOf("truck", "car");
        assertThat(dir.resolve("dog.jpg")).exists();
    }

    @Test
    void detectNamesABadImageAndGoesOnWithTheOthers() throws Exception {
        Path broken = dir.resolve("broken.jpg");
        Files.writeString(broken, "not an image");
        Cli detect = Cli.run("detect", broken, "../samples/images/dog.jpg");
        assertThat(detect.exitCode()).isEqualTo(1);
        assertThat(detect.err()).contains("broken.jpg");
        assertThat(detect.outLines()).hasSize(1).first().asString().contains("\"dog.jpg\"");
    }

    @Test
    void configCheckPrintsEveryErrorWithItsPath() throws Exception {
        Path bad = dir.resolve("vigil.yml");
        Files.writeString(bad, "cameras:\n  - id: door\n    url: rtsp://admin:hunter2@cam/1\n    rtsp_transport: sctp\n"
                + "    detect: {fps: 0}\n    colour: red\nsink:\n  retention_days: 0\n  api_token: hunter2\n  htpp_port: 80\n");
        Cli check = Cli.run("config", "check", bad);
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).contains("4 error(s)")
                .contains("cameras[0]: unknown field \"colour\"")
                .contains("sink: unknown field \"htpp_port\"")
                .contains("cameras[0].rtsp_transport: must be tcp or udp, got 'sctp'")
                .contains("cameras[0].detect.fps: must be greater than 0, got 0.0")
                .doesNotContain("hunter2");
        assertThat(Cli.run("config", "check", "../vigil.example.yml").exitCode()).isZero();
        Files.writeString(bad, "cameras:\nkafka:\n  properties:\ndetector:\n  motion:\n  tracker:\nsink:\n  retention_days: 0\n");
        assertThat(Cli.run("config", "check", bad).out()).contains("OK (0 cameras");
    }

    @Test
    void configSchemaPrintsTheJsonSchemaOfTheConfigFile() throws Exception {
        Cli schema = Cli.run("config", "schema");
        assertThat(schema.exitCode()).isZero();
        JsonNode s = new ObjectMapper().readTree(schema.out());
        assertThat(s.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        JsonNode fps = s.at("/properties/cameras/items/properties/detect/properties/fps");
        assertThat(fps.get("default").asDouble()).isEqualTo(new VigilConfig.Detect().fps);
        assertThat(fps.get("maximum").asDouble()).isEqualTo(30);
        assertThat(fps.get("description").asText()).isNotBlank();
    }

    @Test
    void replayPublishesTheRecordingAsACameraWithItsTimes() throws Exception {
        Path clip = Path.of(getClass().getResource("/deploy/vtest-10s.mp4").toURI());
        Instant start = Instant.parse("2026-11-20T22:00:00Z");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(dir.resolve("kafka"), 0)) {
            Cli replay = Cli.run("replay", clip, clip, "--camera", "porch", "--start", start, "--speed", "max",
                    "--bootstrap-servers", kafka.bootstrapServers());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("as camera porch").contains("2 file(s) ok");

            List<ConsumerRecord<String, byte[]>> frames = readAll(kafka.bootstrapServers());
            assertThat(frames).hasSizeBetween(99, 101); // two 10 s files as one 20 s recording at 5 fps
            assertThat(frames).allSatisfy(r -> assertThat(r.key()).isEqualTo("porch"));
            assertThat(frames.get(0).timestamp()).isEqualTo(start.toEpochMilli());
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).timestamp() - frames.get(i - 1).timestamp()).isEqualTo(200);
                assertThat(FrameHeaders.read(frames.get(i).headers(), FrameHeaders.SEQ, -1)).isEqualTo(i);
            }
        }
    }

    @Test
    void zonesMasksAndASecondModelComeFromTheConfigFile() throws Exception {
        Path file = dir.resolve("vigil.yml");
        Files.writeString(file, """
                cameras:
                  - id: lobby
                    url: rtsp://127.0.0.1/lobby
                    zones:
                      lawn: [[0, 240], [640, 240], [640, 480], [0, 480]]
                    object_masks:
                      - [[0, 0], [640, 0], [640, 100], [0, 100]]
                detector:
                  model: yolov5s
                  objects:
                    person: {min_score: 0.4}
                """);
        VigilConfig cfg = ConfigLoader.load(file);
        DetectorSettings settings = ConfigMapping.detector(cfg);
        assertThat(settings.labels()).containsOnlyKeys("person");
        assertThat(settings.cameras().get("lobby").zones()).extracting(z -> z.name()).containsExactly("lawn");
        assertThat(settings.cameras().get("lobby").objectMasks()).hasSize(1);
        try (ObjectDetector yolo = ServiceFactory.model(cfg); Mat still = Images.read(Path.of("src/test/resources/still.jpg"))) {
            assertThat(yolo.name()).isEqualTo("yolov5s");
            List<Detection> found = yolo.detect(still);
            assertThat(found.stream().filter(d -> d.label().equals("person"))).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void centernetAndNanoDetsInputSizeComeFromTheConfigFile() throws Exception {
        Path centernet = Files.writeString(dir.resolve("centernet.yml"), "detector:\n  model: centernet\n");
        Path nanodet320 = Files.writeString(dir.resolve("nanodet320.yml"), "detector:\n  model: nanodet\n  input_size: 320\n");
        try (ObjectDetector model = ServiceFactory.model(ConfigLoader.load(centernet));
             Mat still = Images.read(Path.of("src/test/resources/still.jpg"))) {
            assertThat(model.name()).isEqualTo("centernet");
            assertThat(model.detect(still).stream().filter(d -> d.label().equals("person"))).isNotEmpty();
        }
        try (OnnxDetector model = (OnnxDetector) ServiceFactory.model(ConfigLoader.load(nanodet320));
             Mat still = Images.read(Path.of("src/test/resources/still.jpg"))) {
            assertThat(model.name()).isEqualTo("nanodet");
            assertThat(model.inputTensor(still).shape()).containsExactly(1, 3, 320, 320);
            assertThat(model.detect(still).stream().filter(d -> d.label().equals("person"))).isNotEmpty();
        }
        Cli r = Cli.run("detect", "--model", "centernet", "--input-size", "320", "src/test/resources/still.jpg");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("centernet takes a fixed 512x512 input");
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("max.partition.fetch.bytes", Topics.FRAMES_MAX_MESSAGE_BYTES);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var tps = c.partitionsFor(Topics.FRAMES).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            var ends = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        out.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        return out;
    }
}
