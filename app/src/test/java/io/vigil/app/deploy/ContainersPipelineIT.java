package io.vigil.app.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The pipeline (replay -> Kafka -> detector with the real model -> sink -> PostgreSQL) against a Kafka
 * broker and a PostgreSQL server in containers, of the same images as docker-compose.yml. Needs a Docker
 * engine; skipped with the reason where there is none.
 */
class ContainersPipelineIT {

    @Test
    void alertsOfTheReplayedFootageReachPostgres(@TempDir Path work) throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine reachable: Testcontainers cannot start Kafka and PostgreSQL containers here. "
                        + "The same scenario (PipelineScenario) runs on the embedded broker in the other tests.");
        Map<String, ComposeFile.Service> compose = ComposeFile.load(ComposeFile.repoRoot()).services();
        try (KafkaContainer kafka = new KafkaContainer(compose.get("kafka-1").image());
             PostgreSQLContainer postgres = new PostgreSQLContainer(compose.get("postgres").image())) {
            Startables.deepStart(kafka, postgres).join();
            String url = postgres.getJdbcUrl();
            String jdbcUrl = url + (url.contains("?") ? "&" : "?") + "user=" + postgres.getUsername() + "&password=" + postgres.getPassword();
            PipelineScenario.assertAlertsStored(PipelineScenario.run(kafka.getBootstrapServers(), jdbcUrl, work));
        }
    }
}
