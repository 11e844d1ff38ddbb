package io.vigil.app.deploy;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Path;
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
 * which builds it. Ryuk is off (TESTCONTAINERS_RYUK_DISABLED in app/pom.xml and ./test.sh; where it is on, its image
 * must be there too), so the containers are closed here.
 */
class ContainersPipelineTest {

    @Test
    void alertsOfTheReplayedFootageReachPostgres(@TempDir Path work) throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine reachable: Testcontainers cannot start Kafka and PostgreSQL containers here. "
                        + "The same scenario (PipelineScenario) runs on the embedded broker in the other tests.");
        if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) requireImage(TestcontainersConfiguration.getInstance().getRyukImage());
        Map<String, ComposeFile.Service> compose = ComposeFile.load(ComposeFile.repoRoot()).services();
        String kafkaImage = requireImage(compose.get("kafka-1").image());
        String postgresImage = requireImage(compose.get("postgres").image());
        try (KafkaContainer kafka = new KafkaContainer(kafkaImage);
             PostgreSQLContainer postgres = new PostgreSQLContainer(postgresImage)) {
            Startables.deepStart(kafka, postgres).join();
            String url = postgres.getJdbcUrl();
            String jdbcUrl = url + (url.contains("?") ? "&" : "?") + "user=" + postgres.getUsername() + "&password=" + postgres.getPassword();
            PipelineScenario.assertAlertsStored(PipelineScenario.run(kafka.getBootstrapServers(), jdbcUrl, work));
        }
    }

    /** The image, found locally or pulled; else a failure naming it and the script that builds it offline. */
    static String requireImage(String image) {
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(image).exec();
            return image;
        } catch (NotFoundException notLocal) {
            try {
                if (docker.pullImageCmd(image).start().awaitCompletion(60, TimeUnit.SECONDS)) {
                    docker.inspectImageCmd(image).exec();
                    return image;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException pullFailed) {
                return fail("Image %s is neither on this Docker engine nor pullable (%s). Build it without a registry with "
                        + "docker/offline-images.sh", image, pullFailed.getMessage());
            }
            return fail("Image %s is not on this Docker engine and could not be pulled within 60 s. Build it without a "
                    + "registry with docker/offline-images.sh", image);
        }
    }
}
