package io.vigil.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * The pipeline (replay -> Kafka -> detector with the real model -> sink -> PostgreSQL) against a Kafka
 * broker and a PostgreSQL server in containers, of the same images as docker-compose.yml. Needs a Docker
 * engine; skipped with the reason where there is none. Where the engine has an image neither locally nor
 * from a registry (an air-gapped machine), it fails at once naming the image and docker/offline-images.sh,
 * which builds it (also the "tiny image" Testcontainers itself runs). Ryuk is off (TESTCONTAINERS_RYUK_DISABLED in app/pom.xml and ./test.sh; where it is on, its image
 * must be there too), so the containers are closed here.
 */
class ContainersPipelineIT {
    /** The image Testcontainers runs to inspect the engine (DockerClientFactory.TINY_IMAGE, private there). */
    static final String TESTCONTAINERS_TINY_IMAGE = "alpine:3.17";

    @Test
    void alertsOfTheReplayedFootageReachPostgres(@TempDir Path work) throws Exception {
        Map<String, ComposeFile.Service> compose = ComposeFile.load(ComposeFile.repoRoot()).services();
        String kafkaImage = compose.get("kafka-1").image();
        String postgresImage = compose.get("postgres").image();
        List<String> images = new ArrayList<>(List.of(kafkaImage, postgresImage, TESTCONTAINERS_TINY_IMAGE));
        if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) images.add(TestcontainersConfiguration.getInstance().getRyukImage());
        requireImages(images);
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine reachable: Testcontainers cannot start Kafka and PostgreSQL containers here. "
                        + "The same scenario (PipelineScenario) runs on the embedded broker in the other tests.");
        try (KafkaContainer kafka = new KafkaContainer(kafkaImage);
             PostgreSQLContainer postgres = new PostgreSQLContainer(postgresImage)) {
            Startables.deepStart(kafka, postgres).join();
            String url = postgres.getJdbcUrl();
            String jdbcUrl = url + (url.contains("?") ? "&" : "?") + "user=" + postgres.getUsername() + "&password=" + postgres.getPassword();
            PipelineScenario.assertAlertsStored(PipelineScenario.run(kafka.getBootstrapServers(), jdbcUrl, work));
        }
    }

    @Test
    void anImageNeitherLocalNorPullableFailsAtOnceNamingTheScriptThatBuildsIt() throws Exception {
        assumeTrue(docker(10, "info"), "no Docker engine reachable with the docker command");
        String image = "vigil-offline/no-such-image:0";
        long start = System.nanoTime();
        assertThatThrownBy(() -> requireImages(List.of(image)))
                .hasMessageContaining(image).hasMessageContaining("docker/offline-images.sh");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(65));
    }

    /**
     * Each image, found on the engine or pulled, checked with the Docker client before Testcontainers starts (which
     * would retry pulling for minutes); else a failure naming the image and the script that builds it offline.
     * Does nothing where there is no docker command (a remote engine): Testcontainers then pulls as usual.
     */
    static void requireImages(List<String> images) throws Exception {
        if (!docker(10, "info")) return;
        for (String image : images) {
            if (docker(10, "image", "inspect", image)) continue;
            if (!docker(60, "pull", "-q", image)) {
                fail("Docker image %s is neither on this Docker engine nor pullable from a registry. "
                        + "Build it (and the other images of docker-compose.yml) without a registry: docker/offline-images.sh", image);
            }
        }
    }

    private static boolean docker(int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noDockerCommand) {
            return false;
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
