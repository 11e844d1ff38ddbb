package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.CameraStatus;
import io.vigil.common.CameraState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest keeps its resources bounded: an empty file does not spin, a broker outage does not stall anything. */
class IngestResilienceIT {
    @TempDir Path dir;

    private static long cpuNanosOf(String threadName) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(threadName)) return mx.getThreadCpuTime(t.getId());
        }
        return -1;
    }

    @Test
    void aFileWithoutFramesBacksOffAndIsReportedInsteadOfSpinning() throws Exception {
        Path empty = dir.resolve("empty.avi"); // a video stream with no frame in it
        Footage.ffmpeg("-v", "error", "-f", "lavfi", "-i", "color=s=64x64:d=1", "-frames:v", "0", "-c:v", "mpeg4", empty.toString());
        List<CameraStatus> heard = new CopyOnWriteArrayList<>();
        try (EmbeddedKafka kafka = TestKitCluster.start(1);
             IngestService ingest = IngestService.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                     .cameras(List.of(CameraSettings.of("empty", empty.toString())))
                     .backoff(Duration.ofMillis(500), Duration.ofSeconds(2)).onStatus(heard::add).start()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(heard).anyMatch(s -> s.state() == CameraState.OFFLINE && s.error() != null && s.error().contains("no frames")));
            long before = cpuNanosOf("camera-empty");
            Thread.sleep(4000);
            long used = cpuNanosOf("camera-empty") - before;
            System.out.printf("empty file camera: %.0f ms of CPU in 4 s%n", used / 1e6);
            assertThat(used).as("CPU time of the camera thread in 4 s").isLessThan(1_000_000_000L);
        }
    }

    @Test
    void duringABrokerOutageFramesAreDroppedAndCountedAndStatusKeepsFlowing() throws Exception {
        Path clip = Footage.clip(dir, "porch.mp4", 20);
        List<CameraStatus> heard = new CopyOnWriteArrayList<>();
        TestKitCluster kafka = TestKitCluster.start(1);
        try (IngestService ingest = IngestService.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                .cameras(List.of(CameraSettings.of("porch", clip.toString())))
                .statusInterval(Duration.ofMillis(300)).onStatus(heard::add).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.status("porch").state() == CameraState.ONLINE);
            kafka.close(); // the broker is gone
            int seen = heard.size();
            long started = System.nanoTime();
            Thread.sleep(6000);
            int during = heard.size() - seen;
            long lost = ingest.framesLost("porch");
            System.out.printf("broker outage: %d statuses in 6 s, %d frames lost (dropped or failed)%n", during, lost);
            assertThat(during).as("statuses keep coming (every 300 ms) while the broker is away").isGreaterThanOrEqualTo(10);
            assertThat(lost).as("frames dropped and counted").isPositive();
            assertThat(ingest.status("porch").state()).as("the file camera still plays").isEqualTo(CameraState.ONLINE);
            long closing = System.nanoTime();
            ingest.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("close does not hang").isLessThan(Duration.ofSeconds(30));
            assertThat(started).isPositive();
        }
    }
}
