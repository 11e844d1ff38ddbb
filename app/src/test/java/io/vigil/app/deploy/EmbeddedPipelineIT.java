package io.vigil.app.deploy;

import io.vigil.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario of {@link ContainersPipelineIT} where there is no Docker engine: the same replay ->
 * detector -> sink run on the embedded KRaft broker and the local PostgreSQL server.
 */
class EmbeddedPipelineIT {

    @Test
    void alertsOfTheReplayedFootageReachPostgres(@TempDir Path work) throws Exception {
        String schema = "vigil_it_" + UUID.randomUUID().toString().substring(0, 8);
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=" + schema;
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(work.resolve("kafka"), 0)) {
            PipelineScenario.assertAlertsStored(PipelineScenario.run(kafka.bootstrapServers(), jdbcUrl, work));
        } finally {
            try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                 var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
