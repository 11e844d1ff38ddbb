package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Json;
import io.vigil.common.MotionSpan;
import io.vigil.common.RecordingSegment;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording mode motion through the running sink: segments announced on the recordings topic and the detector's motion
 * spans on the motion topic (start, then end, as the detector publishes them) go through the real broker into SQLite;
 * retention then keeps only the segments the motion touched, with pre/post capture, as GET /api/recordings shows.
 */
class MotionRecordingIT {
    @TempDir Path dir;

    @Test
    void onlyTheSegmentsTheMotionTouchedOutliveTheRetentionPass() throws Exception {
        String cam = "porch-" + UUID.randomUUID().toString().substring(0, 6);
        VigilConfig.Record record = new VigilConfig.Record();
        record.mode = "motion";
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        try (TestDatabase database = TestDatabase.sqlite();
             SinkFixture f = new SinkFixture(database.jdbcUrl(), null, new RecordingSettings("unused", null, 0, Map.of(cam, record)))) {
            List<RecordingSegment> segments = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Path file = Files.write(dir.resolve(i + ".mp4"), new byte[1000]);
                Instant start = base.plusSeconds(10L * i);
                segments.add(new RecordingSegment(cam, start, start.plusSeconds(10), file.toString(), 1000, RecordingSegment.SEGMENT));
            }
            segments.forEach(s -> Recorded.announce(f, s));
            // someone walks by from 22 s to 24 s: with the default 5 s pre/post capture, segments 1 and 2 are touched
            f.sendRaw(f.motionTopic, cam, Json.bytes(new MotionSpan(cam, base.plusSeconds(22), null)));
            f.sendRaw(f.motionTopic, cam, Json.bytes(new MotionSpan(cam, base.plusSeconds(22), base.plusSeconds(24))));
            f.awaitStored();
            assertThat(f.getJson("/api/recordings?camera=" + cam).path("recordings")).hasSize(6);

            assertThat(f.sink.deleteExpiredRecordings()).isEqualTo(4);

            JsonNode left = f.getJson("/api/recordings?camera=" + cam).path("recordings");
            assertThat(left).extracting(r -> r.path("path").asText())
                    .containsExactly(segments.get(1).path(), segments.get(2).path());
            for (int i = 0; i < segments.size(); i++) {
                assertThat(Path.of(segments.get(i).path()).toFile().exists()).as("segment %d on disk", i).isEqualTo(i == 1 || i == 2);
            }
        }
    }
}
