package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention from an alert's last activity, the snapshot disk cap, the index it uses, and Kafka's own limit. */
class RetentionIT {
    private final Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private static byte[] jpeg(int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[size - 2] = (byte) 0xFF;
        b[size - 1] = (byte) 0xD9;
        return b;
    }

    @Test
    void anAlertStillActiveKeepsItsSnapshotAndAStaleOneGoes() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(); SinkFixture f = new SinkFixture(db.jdbcUrl(), null)) {
            Alert longLived = SinkFixture.newAlert("long-lived", "yard", "person", base);
            Alert stale = SinkFixture.newAlert("stale", "yard", "cat", base);
            f.send(longLived, stale);
            f.sendRaw(f.config.snapshotsTopic(), longLived.id(), jpeg(100));
            f.awaitStored();
            Thread.sleep(20);
            Instant cutoff = Instant.now();
            Thread.sleep(20);
            f.send(SinkFixture.alert(Alert.UPDATE, longLived.id(), "yard", "person", 0.9, base, 1, List.of()));
            f.awaitStored();

            assertThat(f.sink.retention().deleteOlderThan(cutoff)).as("only the alert without activity since the cutoff").isEqualTo(1);
            assertThat(f.get("/api/alerts/stale").statusCode()).isEqualTo(404);
            assertThat(f.get("/api/alerts/long-lived").statusCode()).isEqualTo(200);
            assertThat(f.getBytes("/api/alerts/long-lived/snapshot.jpg").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void snapshotsBeyondTheDiskCapGoOldestFirstAndTheAlertsStay() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite();
             SinkFixture f = new SinkFixture(db.jdbcUrl(), null, c -> c.withSnapshotsMaxBytes(3_000))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Alert a = SinkFixture.newAlert("cap-" + i, "gate", "person", base.plusSeconds(i));
                ids.add(a.id());
                f.send(a);
                f.sendRaw(f.config.snapshotsTopic(), a.id(), jpeg(1_000));
                f.awaitStored();
                Thread.sleep(5);
            }
            f.sink.deleteExpired();
            List<Integer> status = new ArrayList<>();
            for (String id : ids) status.add(f.getBytes("/api/alerts/" + id + "/snapshot.jpg").statusCode());
            assertThat(status).containsExactly(404, 404, 200, 200, 200);
            for (String id : ids) assertThat(f.get("/api/alerts/" + id).statusCode()).isEqualTo(200);
            try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl());
                 ResultSet r = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'")) {
                List<String> indexes = new ArrayList<>();
                while (r.next()) indexes.add(r.getString(1));
                assertThat(indexes).contains("alerts_stored_at", "snapshots_stored_at");
            }
        }
    }

    @Test
    void kafkaKeepsAlertsSnapshotsAndMotionSpansForAWeekFromWhenTheyWereWritten() {
        var topics = TopicSetup.topics(1, (short) 1);
        for (String name : Arrays.asList(Topics.ALERTS, Topics.SNAPSHOTS, Topics.MOTION)) {
            var t = topics.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            assertThat(t.configs()).containsEntry("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))
                    .containsEntry("message.timestamp.type", "LogAppendTime");
        }
    }
}
