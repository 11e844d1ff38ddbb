package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.vigil.broker.TestKitCluster;
import io.vigil.common.CameraState;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.VigilConfig;
import io.vigil.ingest.IngestService;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import io.vigil.sink.SinkService;
import io.vigil.sink.StoredCameraStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Kafka client of every service connects with the config's {@code kafka.properties}: the broker's
 * listener requires SASL/PLAIN, so a client built from the bootstrap address alone cannot get in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaPropertiesIT {
    private static final int PARTITIONS = 5;
    private static TestKitCluster kafka;
    @TempDir static Path dir;
    private static Path configFile;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = TestKitCluster.startSaslPlain();
        StringBuilder yaml = new StringBuilder("kafka:\n  bootstrap_servers: " + kafka.bootstrapServers()
                + "\n  partitions: " + PARTITIONS + "\n  properties:\n");
        TestKitCluster.saslClientSettings().forEach((k, v) -> yaml.append("    ").append(k).append(": '").append(v).append("'\n"));
        yaml.append("cameras:\n  - id: gone\n    url: rtsp://127.0.0.1:1/gone\n");
        yaml.append("detector:\n  http_port: 0\n");
        yaml.append("data_dir: ").append(dir.resolve("data")).append('\n');
        configFile = dir.resolve("vigil.yml");
        Files.writeString(configFile, yaml);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aClientWithoutTheSaslSettingsIsNotLetIn() {
        Map<String, Object> bare = new HashMap<>(kafka.clientConfig());
        bare.put("default.api.timeout.ms", 3000);
        bare.put("request.timeout.ms", 2000);
        try (Admin admin = Admin.create(bare)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    @Order(1) // on the fresh cluster, before anything else creates the topics
    void replayOnAFreshClusterCreatesTheFramesTopicWithTheConfiguredPartitions() throws Exception {
        Path clip = Path.of(getClass().getResource("/deploy/vtest-10s.mp4").toURI());
        Cli replay = Cli.run("replay", clip, "--camera", "porch", "--speed", "max", "--config", configFile);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        Map<String, Object> client = ServiceFactory.kafka(ConfigLoader.load(configFile));
        try (Admin admin = Admin.create(client)) {
            TopicDescription frames = admin.describeTopics(List.of(Topics.FRAMES)).allTopicNames().get().get(Topics.FRAMES);
            assertThat(frames.partitions()).hasSize(PARTITIONS);
            Map<TopicPartition, OffsetSpec> latest = frames.partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.FRAMES, p.partition()), p -> OffsetSpec.latest()));
            long records = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            assertThat(records).isGreaterThanOrEqualTo(49);
        }
    }

    @Test
    void ingestDetectorAndSinkAllWorkThroughTheSaslListener() throws Exception {
        VigilConfig cfg = ConfigLoader.load(configFile);
        String run = "sasl-" + Instant.now().toEpochMilli();
        cfg.detector.applicationId = "vigil-detector-" + run;
        cfg.sink.groupId = "vigil-sink-" + run;
        TopicSetup.ensure(cfg.kafka);
        Path clip = Path.of(getClass().getResource("/deploy/vtest-10s.mp4").toURI());
        try (SinkService sink = new SinkService(ServiceFactory.sink(cfg, 0)).start();
             ServiceFactory.Detector detector = ServiceFactory.detector(cfg, dir.resolve("state"), "127.0.0.1");
             AlertTally tally = new AlertTally(ServiceFactory.kafka(cfg), a -> {});
             IngestService ingest = ServiceFactory.ingest(cfg, ServiceFactory.cameras(cfg))) {
            ReplaySummary replayed = new Replay(List.of(clip), "lobby", ServiceFactory.kafka(cfg))
                    .topics(TopicSetup.Layout.of(cfg.kafka)).speed(Replay.MAX_SPEED).run();
            assertThat(replayed.frames()).isGreaterThanOrEqualTo(49);

            assertThat(GroupLag.awaitZero(ServiceFactory.kafka(cfg), cfg.detector.applicationId, Topics.FRAMES,
                    Duration.ofMinutes(3))).as("the detector consumed every frame").isTrue();
            assertThat(sink.awaitCaughtUp(Duration.ofMinutes(1))).as("the sink stored everything").isTrue();
            assertThat(sink.storedAlertCount()).as("alerts the detector produced, stored by the sink").isPositive();
            tally.drain();
            assertThat(tally.total()).as("new alerts read by vigil up's alert reader").isPositive();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(sink.cameras().cameras()).extracting(StoredCameraStatus::id, StoredCameraStatus::state)
                            .contains(tuple("gone", CameraState.OFFLINE.text())));
        }
    }
}
