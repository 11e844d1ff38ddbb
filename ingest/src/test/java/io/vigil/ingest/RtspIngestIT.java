package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.CameraState;
import io.vigil.common.CameraStatus;
import io.vigil.common.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live cameras against a real RTSP server (GStreamer) on 127.0.0.1 serving the H.264 sample,
 * into a real Kafka broker. Short watchdog and timeouts keep each test to seconds.
 */
class RtspIngestIT {
    /** Short, but above the 2 s pause GStreamer's file-backed server makes once after a client's first second. */
    private static final Duration WATCHDOG = Duration.ofSeconds(3);
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(2);
    private static EmbeddedKafka kafka;
    private String framesTopic;
    private String statusTopic;
    private final List<CameraStatus> statuses = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() {
        kafka = TestKitCluster.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @BeforeEach
    void topicsPerTest(TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName();
        framesTopic = "frames." + name;
        statusTopic = "status." + name;
    }

    private IngestService.Builder ingest() {
        return IngestService.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                .framesTopic(framesTopic).statusTopic(statusTopic)
                .watchdog(WATCHDOG).ioTimeout(IO_TIMEOUT).backoff(Duration.ofMillis(500), Duration.ofSeconds(1))
                .onStatus(statuses::add);
    }

    private static CameraState state(IngestService ingest, String camera) {
        return ingest.status(camera).state();
    }

    @Test
    void goodCamerasKeepPublishingWhileUnreachableAndSilentCamerasAreOffline(@TempDir Path dir) throws Exception {
        Path recording = Footage.clip(dir, "lobby.mp4", 3); // a file camera: played in real time, looping
        try (RtspServer server = RtspServer.start(Footage.SAMPLE, "door"); SilentServer silent = new SilentServer()) {
            String nobody = "rtsp://127.0.0.1:" + RtspServer.freePort() + "/stream";
            Instant began = Instant.now();
            Instant windowStart, windowEnd;
            try (IngestService ingest = ingest().cameras(List.of(
                    CameraSettings.of("door", server.url()), CameraSettings.of("nobody", nobody), CameraSettings.of("silent", silent.url()),
                    CameraSettings.of("lobby", recording.toString())))
                    .start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> state(ingest, "door") == CameraState.ONLINE
                        && state(ingest, "lobby") == CameraState.ONLINE
                        && state(ingest, "nobody") == CameraState.OFFLINE && state(ingest, "silent") == CameraState.OFFLINE);
                Thread.sleep(2000); // past the test server's start-up pause
                // both bad cameras keep retrying (the silent one blocks 2 s per attempt) while door publishes
                windowStart = Instant.now();
                Thread.sleep(4000);
                windowEnd = Instant.now();
                Thread.sleep(1500); // frames reach us up to LiveClock.MAX_LAG after their capture time

                assertThat(ingest.status("nobody").error()).startsWith(nobody + ": ").contains("Connection refused");
                assertThat(ingest.status("silent").error()).startsWith(silent.url() + ": ").contains("no answer within 2 s");
                assertThat(silent.connections()).isGreaterThanOrEqualTo(2);
            }

            List<FrameRecords.Frame> all = FrameRecords.readAll(kafka.bootstrapServers(), framesTopic, Duration.ofSeconds(1));
            assertThat(all).extracting(FrameRecords.Frame::camera).containsOnly("door", "lobby");
            for (String camera : List.of("door", "lobby")) {
                List<FrameRecords.Frame> frames = FrameRecords.ofCamera(all, camera);
                assertThat(frames).isNotEmpty().allSatisfy(f -> {
                    assertThat(f.width()).isEqualTo(640);
                    assertThat(f.time()).isBetween(began, Instant.now());
                });
                for (int i = 1; i < frames.size(); i++) {
                    assertThat(frames.get(i).time()).isAfter(frames.get(i - 1).time());
                    assertThat(frames.get(i).seq()).isEqualTo(frames.get(i - 1).seq() + 1);
                }
                // capture times 200 ms apart (5 fps) all through the 4 s in which the other two kept failing
                long inWindow = frames.stream().filter(f -> f.time().isAfter(windowStart) && f.time().isBefore(windowEnd)).count();
                assertThat(inWindow).as("%s frames captured in 4 s while the others fail", camera).isBetween(19L, 21L);
            }

            Map<String, JsonNode> latest = latestStatuses();
            assertThat(latest.keySet()).containsExactlyInAnyOrder("door", "nobody", "silent", "lobby");
            assertThat(latest.get("door").get("state").asText()).isEqualTo("offline"); // after close: ingest stopped
            assertThat(latest.get("door").get("error").asText()).isEqualTo("ingest stopped");
            assertThat(statuses).anySatisfy(s -> {
                assertThat(s.camera()).isEqualTo("door");
                assertThat(s.state()).isEqualTo(CameraState.ONLINE);
                assertThat(s.fps()).isBetween(4.0, 6.0);
            });
        }
    }

    @Test
    void cameraThatDropsOutIsReportedAndReconnects() throws Exception {
        try (RtspServer server = RtspServer.start(Footage.SAMPLE, "gate");
             // socket timeout above the watchdog, so that the watchdog is what notices the hung stream
             IngestService ingest = ingest().ioTimeout(Duration.ofSeconds(5)).camera(CameraSettings.of("gate", server.url())).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ingest.status("gate").lastFrameAt() != null);

            // power loss: the server dies, its sockets close
            long killed = System.nanoTime();
            server.kill();
            await().atMost(WATCHDOG.plusSeconds(1)).until(() -> state(ingest, "gate") != CameraState.ONLINE);
            double noticed = seconds(killed);
            await().atMost(Duration.ofSeconds(5)).until(() -> state(ingest, "gate") == CameraState.OFFLINE);
            assertThat(ingest.status("gate").error()).contains("Connection refused");

            long restarted = System.nanoTime();
            server.start();
            await().atMost(Duration.ofSeconds(6)).until(() -> state(ingest, "gate") == CameraState.ONLINE);
            double reconnected = seconds(restarted);
            Instant back = Instant.now();
            await().atMost(Duration.ofSeconds(3)).until(() -> ingest.status("gate").lastFrameAt().isAfter(back));

            // a hung camera: connection open, nothing arrives; the watchdog reports it
            long frozen = System.nanoTime();
            server.freeze();
            await().atMost(WATCHDOG.plusSeconds(2)).until(() -> state(ingest, "gate") != CameraState.ONLINE);
            double watchdogFired = seconds(frozen);
            assertThat(ingest.status("gate").error()).isEqualTo("no frame for 3 s");
            server.kill();
            server.start();
            await().atMost(Duration.ofSeconds(8)).until(() -> state(ingest, "gate") == CameraState.ONLINE);

            System.out.printf("RTSP camera: loss noticed after %.2f s, reconnected %.2f s after the server came back,"
                    + " hung stream noticed after %.2f s (watchdog %s)%n", noticed, reconnected, watchdogFired, WATCHDOG);
            assertThat(noticed).isLessThan(WATCHDOG.toSeconds() + 0.5);
            assertThat(watchdogFired).isBetween(WATCHDOG.toSeconds() - 0.1, WATCHDOG.toSeconds() + 1.0);
        }
        assertThat(statuses).extracting(CameraStatus::state).containsSubsequence(
                CameraState.ONLINE, CameraState.RECONNECTING, CameraState.OFFLINE, CameraState.ONLINE,
                CameraState.RECONNECTING, CameraState.ONLINE);
    }

    @Test
    void rtspOverUdpDeliversFrames() throws Exception {
        try (RtspServer server = RtspServer.start(Footage.SAMPLE, "udp");
             IngestService ingest = ingest().camera(new CameraSettings("yard", server.url(), 2, 320, 70, "udp", true)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ingest.status("yard").lastFrameAt() != null);
            Thread.sleep(2000);
        }
        List<FrameRecords.Frame> frames = FrameRecords.readAll(kafka.bootstrapServers(), framesTopic, Duration.ofSeconds(1));
        assertThat(frames.size()).isGreaterThanOrEqualTo(4);
        for (int i = 1; i < frames.size(); i++) { // 2 fps by capture time
            assertThat(Duration.between(frames.get(i - 1).time(), frames.get(i).time()).toMillis()).isBetween(450L, 550L);
        }
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.height()).isEqualTo(240);
        });
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /** The last status record of each camera on the compacted status topic. */
    private Map<String, JsonNode> latestStatuses() {
        Map<String, JsonNode> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = FrameRecords.consumer(kafka.bootstrapServers())) {
            // every partition: the status topic has the config's partition count, like the frames topic
            List<TopicPartition> partitions = consumer.partitionsFor(statusTopic).stream()
                    .map(i -> new TopicPartition(statusTopic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), Json.read(r.value(), JsonNode.class));
                }
            }
        }
        return latest;
    }
}
