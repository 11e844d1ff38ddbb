package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * A clip made here with known boxes: the woman of samples/images/person.jpg (a crop tight around her, scaled 1.6×)
     * twice on a plain 800×600 background at 25 fps for 4 s, one walking right 3 px a frame, one standing at the right.
     * Its MOTChallenge ground truth is the overlay rectangles FFmpeg drew. At the detect size (640) and fps (5) each
     * person must be found in the frames after the tracker confirmed it, with one track id each; boxes that were not
     * scaled from 800 to 640, or frames matched to the wrong ground-truth frame, or a tracker that changes ids, fail.
     */
    @Test
    void aClipWithKnownBoxesIsTrackedFrameByFrameWithOneIdentityPerPerson(@TempDir Path dir) throws Exception {
        Path clip = twoPeopleClip(dir);
        Path gt = dir.resolve("gt.txt");

        Cli eval = Cli.run("eval", "--file", clip, "--boxes", gt);
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode r = Json.MAPPER.readTree(eval.lastLine());
        assertThat(r.get("boxFrames").asInt()).as("4 s at the detect fps of 5").isEqualTo(20);
        assertThat(r.get("boxes").asInt()).isEqualTo(40);
        // each person is tentative on its first two detect frames (3 hits confirm it): 36 of 40 boxes
        assertThat(r.get("boxRecall").asDouble()).as(eval.out()).isGreaterThanOrEqualTo(0.85);
        assertThat(r.get("boxPrecision").asDouble()).as(eval.out()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.get("idf1").asDouble()).as(eval.out()).isGreaterThanOrEqualTo(0.85);
        assertThat(r.has("visits")).as("no visits file, no visit figures").isFalse();
        assertThat(eval.out()).contains("person boxes on 20 detect frames (IoU >= 0.50)");
    }

    @Test
    void aConfiguredCameraIsEvaluatedWithItsDetectWidthAndMasks(@TempDir Path dir) throws Exception {
        Path clip = twoPeopleClip(dir);
        // at detect width 400 the walker's feet stay left of x = 200 (masked), the standing woman's right of it
        Path config = Files.writeString(dir.resolve("vigil.yml"), """
                cameras:
                  - id: hall
                    url: rtsp://127.0.0.1:8554/hall
                    detect:
                      width: 400
                    object_masks:
                      - [[0, 0], [200, 0], [200, 300], [0, 300]]
                """);
        Cli eval = Cli.run("eval", "-c", config, "--camera", "hall", "--file", clip, "--boxes", dir.resolve("gt.txt"));
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode r = Json.MAPPER.readTree(eval.lastLine());
        assertThat(r.get("boxRecall").asDouble()).as("only the standing woman: 18 of 40 boxes. " + eval.out()).isBetween(0.40, 0.50);
        assertThat(r.get("boxPrecision").asDouble()).as("boxes scaled to the 400-wide detect frames. " + eval.out())
                .isGreaterThanOrEqualTo(0.95);

        Cli unknown = Cli.run("eval", "-c", config, "--camera", "garage", "--file", clip, "--boxes", dir.resolve("gt.txt"));
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("--camera garage: no camera with that id in the config");
    }

    /**
     * 4 s at 800×600: the woman of person.jpg walking right from x = 20 (id 1) and standing at x = 600 (id 2);
     * its MOT ground truth, the overlay rectangles FFmpeg draws, is written to gt.txt beside it.
     */
    private static Path twoPeopleClip(Path dir) throws Exception {
        Path clip = dir.resolve("two-people.mp4");
        Path gt = dir.resolve("gt.txt");
        int frames = 100, w = 148, h = 444;
        run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=0x8090a0:s=800x600:r=25:d=4",
                "-i", "../samples/images/person.jpg", "-filter_complex",
                "[1:v]crop=92:276:185:96,scale=" + w + ":" + h + ",split[a][b];[0:v][a]overlay=x='20+3*n':y=60[m];[m][b]overlay=x=600:y=100",
                "-frames:v", String.valueOf(frames), "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-g", "25", "-bf", "0",
                "-pix_fmt", "yuv420p", clip.toString());
        List<String> rows = new ArrayList<>();
        for (int n = 0; n < frames; n++) {
            rows.add((n + 1) + ",1," + (20 + 3 * n) + ",60," + w + "," + h + ",1,1,1");
            rows.add((n + 1) + ",2,600,100," + w + "," + h + ",1,1,1");
        }
        Files.write(gt, rows);
        return clip;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
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
