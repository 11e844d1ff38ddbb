package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil eval} as an operator runs it: the real pipeline (embedded broker, FFmpeg decoding, NanoDet)
 * on the sample footage against the hand-made ground truth of its 21 person visits, and on clips made
 * for it (a still photo, an empty synthetic zoom). The thresholds are the targets of issue 15.
 */
class EvalIT {
    static final Path CLIPS = Path.of("../samples/clips");

    @Test
    void theSampleFootageRaisesOnePersonAlertPerVisit() throws Exception {
        Cli eval = Cli.run("eval", "--file", UpOnceIT.SAMPLE, "--visits", "../samples/ground-truth/vtest_visits.tsv");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode r = Json.MAPPER.readTree(eval.lastLine());
        assertThat(r.get("visits").asInt()).isEqualTo(21);
        assertThat(r.get("found").asInt()).as(eval.out()).isGreaterThanOrEqualTo(19);
        assertThat(r.get("unmatchedAlerts").asInt()).as(eval.out()).isLessThanOrEqualTo(2);
        assertThat(r.get("alertsPerVisit").asDouble()).as(eval.out()).isLessThanOrEqualTo(1.15);
        assertThat(eval.out()).contains("person visits found (tIoU >= 0.50)");
    }

    @Test
    void aStillSceneIsAlertedWithinASecondThenCheckedRarelyAndAnEmptyOneNever() throws Exception {
        Cli still = Cli.run("eval", "--label", "dog", "--file", CLIPS.resolve("still-person-60s.mp4"),
                "--visits", CLIPS.resolve("still-person-60s.visits.tsv"), "--empty", CLIPS.resolve("empty-zoom-20s.mp4"));
        assertThat(still.exitCode()).as(still.err()).isZero();
        JsonNode r = Json.MAPPER.readTree(still.lastLine());
        assertThat(r.get("found").asInt()).as(still.out()).isEqualTo(1);
        assertThat(r.get("alerts").asInt()).as("one alert, not re-alerted while it stands still").isEqualTo(1);
        assertThat(r.get("maxSecondsToAlert").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(r.get("inferredShare").asDouble()).as("60 s of a still scene").isLessThanOrEqualTo(0.30);
        assertThat(r.get("emptyAlerts").asInt()).isZero();
    }
}
