package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink contract on a SQLite file (the single-node default), plus what only SQLite does. */
class SinkOnSqliteIT extends SinkContractIT {
    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.sqlite();
    }

    @Test
    void defaultDatabaseIsAWalModeSqliteFileInTheDataDirectoryThatSurvivesARestart(@TempDir Path dataDir)
            throws Exception {
        var kafka = SharedKafka.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        SinkSettings config = SinkSettings.of(kafka.clientConfig(), dataDir.resolve("data"))
                .withHttpPort(0)
                .withGroupId("sqlite-default-" + run)
                .withTopics("alerts-" + run, "snapshots-" + run, "status-" + run);
        Alert alert = SinkFixture.newAlert("a-" + run, "cam-" + run, "dog", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (var producer = new SinkFixture.Producer(kafka.bootstrapServers())) {
            producer.send(config.alertsTopic(), alert);
        }
        try (SinkService sink = new SinkService(config).start()) {
            assertThat(sink.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(sink.storedAlertCount()).isEqualTo(1);
        }
        Path file = dataDir.resolve("data").resolve("vigil.db");
        assertThat(file).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        try (SinkService again = new SinkService(config).start()) {
            assertThat(again.repository().find(alert.id())).hasValueSatisfying(a -> assertThat(a.label()).isEqualTo("dog"));
        }
    }
}
