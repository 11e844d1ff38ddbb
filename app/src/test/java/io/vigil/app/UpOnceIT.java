package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil up --once} on the sample footage, as the README runs it: a real embedded broker, real
 * FFmpeg decoding, the real converted NanoDet model and a real SQLite file.
 */
class UpOnceIT {
    static final Path SAMPLE = Path.of("../samples/vtest.mp4");
    static final Instant T0 = Instant.parse("2026-11-20T22:00:00Z");
    static final double SAMPLE_SECONDS = 79.5; // ffprobe -show_entries format=duration samples/vtest.mp4

    @TempDir Path data;

    @Test
    void sampleFootageBecomesPersonAlertsStoredInSqlite() throws Exception {
        Cli up = Cli.run("up", "--once", "--file", SAMPLE, "--start", T0, "--data-dir", data, "--http-port", 0, "--kafka-port", 0);
        assertThat(up.exitCode()).as(up.err()).isZero();

        JsonNode summary = Json.MAPPER.readTree(up.lastLine());
        long frames = summary.get("frames").asLong();
        assertThat(frames).as("79.5 s at detect fps 5").isBetween(395L, 400L);
        assertThat(summary.get("inferred").asLong()).isBetween(1L, frames);
        long alerts = summary.get("alerts").asLong();
        long persons = summary.get("byLabel").get("person").asLong();
        // Counted by eye on a contact sheet of the footage (a frame every 4 s): 4 to 8 pedestrians are in
        // view at any time, each for 15-30 s, so about 25 different people cross in 80 s (several only
        // far away near the buildings, a few pixels tall at 640 px). One alert per person, not per frame:
        assertThat(persons).isBetween(12L, 40L);
        assertThat(alerts).as("one alert per object, not one per frame").isLessThan(frames / 8);
        assertThat(summary.get("seconds").asDouble()).isPositive();
        assertThat(up.out()).contains("Vigil is up").contains("/api/alerts");

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vigil.db"));
             Statement st = db.createStatement()) {
            assertThat(count(st, "SELECT COUNT(*) FROM alerts")).isEqualTo(alerts);
            assertThat(count(st, "SELECT COUNT(*) FROM alerts WHERE label = 'person'")).isEqualTo(persons);
            assertThat(count(st, "SELECT COUNT(*) FROM alerts a JOIN snapshots s ON s.alert_id = a.id")).isEqualTo(alerts);
            try (ResultSet r = st.executeQuery("SELECT * FROM alerts")) {
                while (r.next()) {
                    String id = r.getString("id");
                    int w = r.getInt("frame_width");
                    int h = r.getInt("frame_height");
                    assertThat(w).as(id).isEqualTo(640);
                    assertThat(h).as(id).isEqualTo(480);
                    assertThat(r.getDouble("box_x1")).as(id).isBetween(0.0, r.getDouble("box_x2"));
                    assertThat(r.getDouble("box_y1")).as(id).isBetween(0.0, r.getDouble("box_y2"));
                    assertThat(r.getDouble("box_x2")).as(id).isLessThanOrEqualTo(w);
                    assertThat(r.getDouble("box_y2")).as(id).isLessThanOrEqualTo(h);
                    assertThat(Instant.ofEpochMilli(r.getLong("start_time"))).as(id)
                            .isBetween(T0, T0.plusMillis(Math.round(SAMPLE_SECONDS * 1000)));
                }
            }
        }
    }

    @Test
    void aMissingFileIsNamedAndNothingStarts() {
        Cli up = Cli.run("up", "--once", "--file", data.resolve("no-such.mp4"), "--data-dir", data, "--http-port", 0, "--kafka-port", 0);
        assertThat(up.exitCode()).isNotZero();
        assertThat(up.err()).contains("no-such.mp4").doesNotContain("Exception");
    }

    @Test
    void aTruncatedFileIsNamedAndItsDecodableFramesAreStillProcessed() throws IOException {
        byte[] whole = Files.readAllBytes(SAMPLE);
        Path truncated = data.resolve("truncated.mp4");
        // an MP4 whose end is cut off: the index (moov) is at the end of this file, so nothing decodes
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 4));
        Cli up = Cli.run("up", "--once", "--file", truncated, "--data-dir", data.resolve("d"), "--http-port", 0, "--kafka-port", 0);
        assertThat(up.exitCode()).isNotZero();
        assertThat(up.err()).contains("truncated.mp4").doesNotContain("\tat ");
        JsonNode summary = Json.MAPPER.readTree(up.lastLine());
        assertThat(summary.get("frames").asLong()).isGreaterThanOrEqualTo(0);
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
