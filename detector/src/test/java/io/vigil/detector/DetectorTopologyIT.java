package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.vigil.common.Alert;
import io.vigil.common.FrameObjects;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.vision.ObjectDetector;
import io.vigil.vision.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole detector topology on real frames of the sample footage with the real NanoDet model. */
class DetectorTopologyIT {
    private static final Instant T0 = Instant.parse("2026-11-20T22:00:00Z");
    private static ObjectDetector model;
    private static JsonSchema schema;
    private static JsonSchema objectsSchema;

    @TempDir Path stateDir;
    private TopologyTestDriver driver;
    private DetectorStats stats;
    private TestInputTopic<String, byte[]> frames;
    private TestOutputTopic<String, byte[]> alerts;
    private TestOutputTopic<String, byte[]> snapshots;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> objects;

    @BeforeAll
    static void loadModel() throws IOException {
        model = TestModels.nanodet();
        try (InputStream in = Files.newInputStream(Path.of("../docs/alert.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        try (InputStream in = Files.newInputStream(Path.of("../docs/objects.schema.json"))) {
            objectsSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private void start(DetectorSettings settings) {
        stats = new DetectorStats();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DetectorTopology.build(settings, model, stats), p);
        frames = driver.createInputTopic(Topics.FRAMES, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        snapshots = driver.createOutputTopic(Topics.SNAPSHOTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        objects = driver.createOutputTopic(Topics.OBJECTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) driver.close();
    }

    static byte[] frameBytes(int n) {
        try (InputStream in = DetectorTopologyIT.class.getResourceAsStream(String.format("/frames/vtest-%02d.jpg", n))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Alert> readAlerts() {
        List<Alert> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : alerts.readRecordsToList()) {
            JsonNode json = Json.MAPPER.valueToTree(Json.read(r.value(), JsonNode.class));
            assertThat(schema.validate(json)).as("event %s matches docs/alert.schema.json", json).isEmpty();
            Alert a = Json.read(r.value(), Alert.class);
            assertThat(r.key()).isEqualTo(a.camera());
            out.add(a);
        }
        return out;
    }

    @Test
    void walkingPeopleBecomeAFewPersonAlertsWithSnapshotsNotOnePerFrame() {
        start(TestSettings.detector());
        for (int i = 1; i <= 30; i++) frames.pipeInput("lobby", frameBytes(i), T0.plusMillis(200L * (i - 1)));

        List<Alert> events = readAlerts();
        List<Alert> created = events.stream().filter(a -> a.type().equals(Alert.NEW)).toList();
        // Counted by eye in these 6 s of footage: 6 to 8 pedestrians are visible, and a parked car.
        assertThat(created).extracting(Alert::label).containsOnly("person", "car");
        assertThat(created.stream().filter(a -> a.label().equals("person"))).hasSizeBetween(4, 10);
        assertThat(created.stream().filter(a -> a.label().equals("car"))).hasSizeLessThanOrEqualTo(1);
        assertThat(created).extracting(Alert::id).doesNotHaveDuplicates();
        for (Alert a : created) {
            assertThat(a.box()[0]).isBetween(0.0, a.box()[2]);
            assertThat(a.box()[2]).isLessThanOrEqualTo(a.frameWidth());
            assertThat(a.box()[3]).isLessThanOrEqualTo(a.frameHeight());
            assertThat(a.frameWidth()).isEqualTo(640);
            assertThat(a.frameTime()).isBetween(T0, T0.plusSeconds(6));
            assertThat(a.startTime()).isBefore(a.frameTime());
        }
        Map<String, byte[]> snaps = snapshots.readKeyValuesToMap();
        assertThat(snaps.keySet()).containsAll(created.stream().map(Alert::id).toList());
        try (Mat decoded = opencv_imgcodecs.imdecode(new Mat(new BytePointer(snaps.get(created.get(0).id()))), opencv_imgcodecs.IMREAD_COLOR)) {
            assertThat(decoded.cols()).isEqualTo(640);
        }
        assertThat(stats.get("lobby", Kind.FRAMES)).isEqualTo(30);
        assertThat(stats.get("lobby", Kind.INFERRED)).as("people walk: motion in most frames").isGreaterThan(20);
    }

    @Test
    void aStillSceneIsAlertedWithinASecondThenInferredOnlyAtStationaryChecksAndEachPersonAlertedOnce() {
        start(TestSettings.detector());
        byte[] still = frameBytes(1);
        int n = 5 * 60; // one minute at 5 fps of the same picture
        for (int i = 0; i < n; i++) frames.pipeInput("lobby", still, T0.plusMillis(200L * i));

        List<Alert> events = readAlerts();
        List<Alert> created = events.stream().filter(a -> a.type().equals(Alert.NEW)).toList();
        assertThat(created).isNotEmpty();
        assertThat(created).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(events).extracting(Alert::type).doesNotContain(Alert.END);
        assertThat(created).allSatisfy(a -> assertThat(a.frameTime()).isBeforeOrEqualTo(T0.plusSeconds(1)));
        long inferred = stats.get("lobby", Kind.INFERRED);
        // every frame until the people are confirmed and found stationary, then every stationary_interval frames
        TrackerSettings t = TestSettings.tracker();
        assertThat(inferred).isBetween((long) n / t.stationaryInterval(), n * 3L / 10);
        assertThat(stats.get("lobby", Kind.SKIPPED)).isEqualTo(n - inferred);
        assertThat(created).hasSizeLessThanOrEqualTo(10);

        // what is tracked: one record per frame, inferred or not, at the frame's time; once confirmed, the alerts' ids
        List<TestRecord<String, byte[]>> records = objects.readRecordsToList();
        assertThat(records).hasSize(n);
        List<FrameObjects> tracked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestRecord<String, byte[]> r = records.get(i);
            JsonNode json = Json.MAPPER.valueToTree(Json.read(r.value(), JsonNode.class));
            assertThat(objectsSchema.validate(json)).as("%s matches docs/objects.schema.json", json).isEmpty();
            FrameObjects o = Json.read(r.value(), FrameObjects.class);
            assertThat(r.key()).isEqualTo("lobby").isEqualTo(o.camera());
            assertThat(r.timestamp()).isEqualTo(T0.plusMillis(200L * i).toEpochMilli()).isEqualTo(o.frameTime().toEpochMilli());
            assertThat(o.frameWidth()).isEqualTo(640);
            tracked.add(o);
        }
        assertThat(tracked.stream().filter(FrameObjects::inferred).count()).isEqualTo(inferred);
        FrameObjects last = tracked.get(n - 1);
        assertThat(last.inferred()).as("mostly skipped by now").isFalse();
        assertThat(last.objects()).filteredOn(FrameObjects.Track::seen).extracting(FrameObjects.Track::id)
                .as("the still scene's alerts are tracked to the end").containsExactlyInAnyOrderElementsOf(created.stream().map(Alert::id).toList());
        Alert firstAlert = created.get(0);
        FrameObjects atAlert = tracked.stream().filter(o -> o.frameTime().equals(firstAlert.frameTime())).findFirst().orElseThrow();
        assertThat(atAlert.objects()).anySatisfy(o -> {
            assertThat(o.id()).isEqualTo(firstAlert.id());
            assertThat(o.box()).containsExactly(firstAlert.box(), org.assertj.core.data.Offset.offset(0.05));
        });
        assertThat(tracked.get(0).objects()).as("nothing is confirmed on the first frame")
                .allSatisfy(o -> assertThat(o.id()).isNull()).allSatisfy(o -> assertThat(o.state()).isEqualTo(FrameObjects.TENTATIVE));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndTheStreamGoesOn() {
        start(TestSettings.detector());
        frames.pipeInput("lobby", "not a picture".getBytes(StandardCharsets.UTF_8), T0);
        frames.pipeInput("lobby", new byte[0], T0.plusMillis(200));
        frames.pipeInput("lobby", new byte[Topics.FRAMES_MAX_MESSAGE_BYTES + 1], T0.plusMillis(400));
        frames.pipeInput(null, frameBytes(1), T0.plusMillis(600));
        for (int i = 1; i <= 5; i++) frames.pipeInput("lobby", frameBytes(i), T0.plusMillis(800 + 200L * i));

        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(FrameProcessor.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .satisfiesExactly(
                        r -> assertThat(r).contains("not a JPEG"),
                        r -> assertThat(r).contains("empty frame"),
                        r -> assertThat(r).contains("exceeds the limit"),
                        r -> assertThat(r).contains("no camera id"));
        assertThat(dead.get(0).value()).asString(StandardCharsets.UTF_8).isEqualTo("not a picture");
        assertThat(readAlerts()).extracting(Alert::type).contains(Alert.NEW);
        assertThat(stats.total(Kind.DEAD_LETTER)).isEqualTo(4);
    }

    @Test
    void aReplayAfterAStateResetGetsNewAlertIds() throws IOException {
        start(TestSettings.detector());
        for (int i = 1; i <= 10; i++) frames.pipeInput("lobby", frameBytes(i), T0.plusMillis(200L * (i - 1)));
        List<String> first = readAlerts().stream().map(Alert::id).toList();
        driver.close();
        // the detector's state is gone (new state directory); the same footage is replayed, after what the topic holds
        stateDir = Files.createDirectories(stateDir.resolve("reset"));
        start(TestSettings.detector());
        for (int i = 1; i <= 10; i++) frames.pipeInput("earlier", frameBytes(1), T0);
        for (int i = 1; i <= 10; i++) frames.pipeInput("lobby", frameBytes(i), T0.plusMillis(200L * (i - 1)));
        List<String> second = readAlerts().stream().filter(a -> a.camera().equals("lobby")).map(Alert::id).toList();
        assertThat(first).isNotEmpty();
        assertThat(second).hasSameSizeAs(first).doesNotContainAnyElementsOf(first);
    }

    @Test
    void objectMasksDropDetectionsAndZonesTagThem() {
        Polygon whole = Polygon.of("all", List.of(List.of(0.0, 0.0), List.of(640.0, 0.0), List.of(640.0, 480.0), List.of(0.0, 480.0)));
        start(TestSettings.detector().withCameras(Map.of(
                "masked", new CameraRules(List.of(), List.of(whole), List.of()),
                "zoned", new CameraRules(List.of(whole), List.of(), List.of()))));
        for (int i = 1; i <= 6; i++) {
            frames.pipeInput("masked", frameBytes(i), T0.plusMillis(200L * i));
            frames.pipeInput("zoned", frameBytes(i), T0.plusMillis(200L * i));
        }
        List<Alert> events = readAlerts();
        assertThat(events).extracting(Alert::camera).containsOnly("zoned");
        assertThat(events).allSatisfy(a -> assertThat(a.zones()).containsExactly("all"));
    }
}
