package io.vigil.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vision.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The parts of the benchmarks whose mistakes would go unnoticed in a printed table. */
class BenchPartsTest {
    static final Path SAMPLE = Path.of("../samples/vtest.mp4");

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
        assertThat(BenchAlertLatency.percentile(sorted, 50)).isEqualTo(500);
        assertThat(BenchAlertLatency.percentile(sorted, 95)).isEqualTo(1000);
        assertThat(BenchAlertLatency.percentile(new long[] {42}, 95)).isEqualTo(42);
    }

    @Test
    void aCameraCountKeepsUpOnlyWhenCaughtUpWithFastAlerts() {
        var fast = new BenchAlertLatency(10, 200, 400, 450);
        var cpu = new BenchCpu.Shares(0.5, 0);
        // 4 cameras at 5 fps: 20 frames = 1 s behind is still keeping up, 21 is not
        assertThat(new BenchCapacity.Row(4, cpu, 600, 600, 580, 30, fast, false, 5).keepsUp()).isTrue();
        assertThat(new BenchCapacity.Row(4, cpu, 600, 600, 579, 30, fast, false, 5).keepsUp()).isFalse();
        var slow = new BenchAlertLatency(10, 300, 1000, 1200);
        assertThat(new BenchCapacity.Row(4, cpu, 600, 600, 600, 30, slow, false, 5).keepsUp()).isFalse();
        assertThat(new BenchCapacity.Row(4, cpu, 600, 600, 600, 30, fast, true, 5).keepsUp()).isFalse();
    }

    @Test
    void replayTableGivesTheMedianRoundAndTheSpreadOfTheRatios() {
        // quiet: 60 s of footage, ffmpeg decodes it in 4 s (15x); Vigil takes 12, 6 and 8 s = ratios 0.33, 0.67, 0.50
        List<List<BenchReplay.Row>> rounds = List.of(
                List.of(new BenchReplay.Row("quiet", 60, 300, 12, 12, 4, 30, 9, 3)),
                List.of(new BenchReplay.Row("quiet", 60, 300, 12, 6, 4, 30, 5, 3)),
                List.of(new BenchReplay.Row("quiet", 60, 300, 12, 8, 4, 30, 7, 3)));
        String table = new BenchReplay.Result(rounds, "nanodet", 1).table();
        String row = table.lines().filter(l -> l.startsWith("quiet")).findFirst().orElseThrow();
        assertThat(row).contains(" 7.5x ", " 15.0x ", " 0.50 ", " 0.33-0.67 ", " 7.0s ", " 3.0s");
        assertThat(table).contains("3 round(s)");
    }

    @Test
    void ffmpegCeilingReportsItsWallClockAndCpuTime() throws Exception {
        try (BenchWorkspace ws = BenchWorkspace.create()) {
            BenchReplay.Ffmpeg run = BenchReplay.ffmpegDecode(ws.trimmed(SAMPLE, 5, "five"));
            assertThat(run.seconds()).isPositive();
            // one decoding thread: its CPU time is positive and cannot exceed the wall clock by much
            assertThat(run.cpuSeconds()).isPositive().isLessThan(run.seconds() * 1.5 + 0.05);
        }
    }

    @Test
    void workspaceCutsClipsOfTheFootageAndDeletesThemOnClose() throws Exception {
        Path dir;
        try (BenchWorkspace ws = BenchWorkspace.create()) {
            dir = ws.dir;
            Path still = ws.still(SAMPLE, 2);
            assertThat(Files.size(still)).isPositive();
            List<Path> frames = ws.frames(SAMPLE, 3, 50, 640);
            assertThat(frames).hasSize(3);
            for (Path f : frames) {
                try (Mat image = Images.read(f)) {
                    assertThat(image.cols()).isEqualTo(640);
                    assertThat(image.rows()).isEqualTo(480); // 768x576 scaled to 640 wide
                }
            }
        }
        assertThat(dir).doesNotExist();
    }
}
