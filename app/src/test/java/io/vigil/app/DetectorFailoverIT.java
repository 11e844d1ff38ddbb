package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import io.vigil.detector.DetectorService;
import io.vigil.detector.DetectorSettings;
import io.vigil.vision.ModelSettings;
import io.vigil.vision.Models;
import io.vigil.vision.ObjectDetector;
import io.vigil.ingest.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail-over on a 3-broker cluster: two detector processes share three cameras; one is killed with
 * SIGKILL in the middle of the footage; the survivor takes over its cameras (standby replicas,
 * exactly-once) and the alert events equal those of an undisturbed run: none lost, none doubled.
 */
class DetectorFailoverIT {
    private static final Instant T0 = Instant.parse("2026-11-20T22:00:00Z");
    private static final List<String> CAMERAS = List.of("gate", "yard", "lobby");

    @TempDir Path work;

    @Test
    void killingADetectorInstanceLosesAndDoublesNoAlertEvent() throws Exception {
        try (TestKitCluster kafka = TestKitCluster.start(3)) {
            Map<String, Object> props = kafka.clientConfig();
            TopicSetup.ensure(props, 6, (short) 3);
            Path clip = Path.of(getClass().getResource("/deploy/vtest-10s.mp4").toURI());
            long frames = 0;
            for (String camera : CAMERAS) {
                frames += new Replay(List.of(clip, clip, clip), camera, Map.of("bootstrap.servers", kafka.bootstrapServers()))
                        .start(T0).speed(Replay.MAX_SPEED).run().frames();
            }
            assertThat(frames).isGreaterThan(400);

            Map<TopicPartition, Long> before = endOffsets(props);
            runUndisturbed(props);
            Map<TopicPartition, Long> middle = endOffsets(props);
            List<String> undisturbed = events(props, before, middle);
            assertThat(undisturbed).as("the footage has people in it").anyMatch(e -> e.startsWith("new|"));

            Process a = startDetector(kafka.bootstrapServers(), "detector-a");
            Process b = startDetector(kafka.bootstrapServers(), "detector-b");
            try (Admin admin = Admin.create(props)) {
                Victim victim = awaitVictimMidway(admin, props, Map.of("detector-a", a, "detector-b", b));
                long killedAt = System.nanoTime();
                victim.process().destroyForcibly().waitFor();
                Duration takeover = awaitProgress(admin, victim.partitions(), victim.committed());
                System.out.printf(Locale.ROOT, "Fail-over: %s killed holding %s; the survivor resumed its partitions after %.1f s%n",
                        victim.clientId(), victim.partitions(), (System.nanoTime() - killedAt) / 1e9);
                assertThat(takeover).isLessThan(Duration.ofSeconds(60));
                assertThat(GroupLag.awaitZero(props, "disturbed", Topics.FRAMES, Duration.ofMinutes(4)))
                        .as("the survivor finishes all frames").isTrue();
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
            }
            List<String> disturbed = events(props, middle, endOffsets(props));
            assertThat(disturbed).containsExactlyInAnyOrderElementsOf(undisturbed);
        }
    }

    private void runUndisturbed(Map<String, Object> props) throws Exception {
        try (ObjectDetector model = Models.load("nanodet", ModelSettings.defaults().withIntraOpThreads(1));
             DetectorService detector = new DetectorService(props, "undisturbed", work.resolve("undisturbed"), 1, 3,
                     DetectorSettings.defaults(), model, null, new SimpleMeterRegistry()).start()) {
            assertThat(GroupLag.awaitZero(props, "undisturbed", Topics.FRAMES, Duration.ofMinutes(4))).isTrue();
        }
    }

    private Process startDetector(String bootstrap, String clientId) throws Exception {
        Path config = work.resolve(clientId + ".yml");
        Files.writeString(config, """
                data_dir: %s
                kafka:
                  bootstrap_servers: %s
                  partitions: 6
                  replication_factor: 3
                  properties:
                    client.id: %s
                    session.timeout.ms: "6000"
                    heartbeat.interval.ms: "1000"
                detector:
                  application_id: disturbed
                  standby_replicas: 1
                  threads: 1
                  stream_threads: 1
                  http_port: 0
                """.formatted(work.resolve(clientId), bootstrap, clientId));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true"));
        String cache = System.getProperty(ModelSettings.CACHE_PROPERTY);
        if (cache != null) cmd.add("-D" + ModelSettings.CACHE_PROPERTY + "=" + cache);
        cmd.addAll(List.of(Vigil.class.getName(), "detector", "--config", config.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(clientId + ".log").toFile()).start();
    }

    private record Victim(String clientId, Process process, List<TopicPartition> partitions, Map<TopicPartition, Long> committed) {}

    /** Waits until one instance owns cameras whose frames are partly processed, and returns it. */
    private Victim awaitVictimMidway(Admin admin, Map<String, Object> props, Map<String, Process> processes) {
        Map<TopicPartition, Long> ends = endOffsets(props, Topics.FRAMES);
        Victim[] found = new Victim[1];
        await("an instance midway through its cameras").ignoreExceptions().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Map<TopicPartition, Long> committed = committed(admin);
                    for (MemberDescription m : admin.describeConsumerGroups(List.of("disturbed")).all().get()
                            .get("disturbed").members()) {
                        String owner = processes.keySet().stream().filter(m.clientId()::startsWith).findFirst().orElse(null);
                        if (owner == null) continue;
                        List<TopicPartition> busy = m.assignment().topicPartitions().stream()
                                .filter(tp -> tp.topic().equals(Topics.FRAMES) && ends.getOrDefault(tp, 0L) > 0).toList();
                        boolean midway = busy.stream().anyMatch(tp -> {
                            long done = committed.getOrDefault(tp, 0L);
                            return done > 15 && done < ends.get(tp) - 60;
                        });
                        if (midway) {
                            found[0] = new Victim(owner, processes.get(owner), busy, committed);
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    private Duration awaitProgress(Admin admin, List<TopicPartition> partitions, Map<TopicPartition, Long> atKill) {
        long start = System.nanoTime();
        await("the survivor commits progress on the killed instance's cameras").ignoreExceptions().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Map<TopicPartition, Long> now = committed(admin);
                    return partitions.stream().anyMatch(tp -> now.getOrDefault(tp, 0L) > atKill.getOrDefault(tp, 0L));
                });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets("disturbed")
                .partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getValue() != null) out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    private static Map<TopicPartition, Long> endOffsets(Map<String, Object> props) {
        return endOffsets(props, Topics.ALERTS);
    }

    private static Map<TopicPartition, Long> endOffsets(Map<String, Object> props, String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer(props)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(c.endOffsets(tps));
        }
    }

    /** The alert events between two positions of the alert topic, as Kafka's own consumer reads them (committed only). */
    private static List<String> events(Map<String, Object> props, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer(props)) {
            c.assign(from.keySet());
            from.forEach(c::seek);
            while (from.keySet().stream().anyMatch(tp -> c.position(tp) < to.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= to.get(new TopicPartition(r.topic(), r.partition()))) continue;
                    Alert a = Json.read(r.value(), Alert.class);
                    out.add(String.join("|", a.type(), a.id(), String.valueOf(a.seq()), a.label(), String.valueOf(a.score()),
                            Arrays.toString(a.box()), String.valueOf(a.zones())));
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> props) {
        Properties p = new Properties();
        p.putAll(props);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
