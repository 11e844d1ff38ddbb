package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorSettings;
import io.vigil.ingest.CameraSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMappingTest {
    @TempDir Path dir;

    @Test
    void eachCameraKeepsItsOwnSettingsAndTheDefaultsComeFromTheSchema() throws Exception {
        Path f = dir.resolve("vigil.yml");
        Files.writeString(f, """
                cameras:
                  - {id: door, url: rtsp://cam/door, watchdog_seconds: 5, rtsp_transport: UDP}
                  - {id: yard, url: rtsp://cam/yard, watchdog_seconds: 45}
                  - {id: lobby, url: lobby.mp4}
                """);
        VigilConfig c = ConfigLoader.load(f, Map.of());
        List<CameraSettings> cameras = ConfigMapping.cameras(c);
        assertThat(cameras).extracting(CameraSettings::watchdog)
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofSeconds(new VigilConfig.Camera().watchdogSeconds));
        assertThat(cameras.get(0).rtspTransport()).isEqualTo("udp");
        VigilConfig.Camera defaults = new VigilConfig.Camera();
        assertThat(cameras.get(2).detectFps()).isEqualTo(defaults.detect.fps);
        assertThat(cameras.get(2).detectWidth()).isEqualTo(defaults.detect.width);

        DetectorSettings d = ConfigMapping.detector(c);
        assertThat(d.labels().keySet()).containsExactlyElementsOf(new VigilConfig.Detector().objects.keySet());
        assertThat(d.labels().values()).allSatisfy(r -> assertThat(r.minScore()).isEqualTo(new VigilConfig.ObjectRule().minScore));
        assertThat(d.tracker().endAfterMillis()).isEqualTo(Math.round(new VigilConfig.Tracker().endAfterSeconds * 1000));
        assertThat(ConfigMapping.model(c).minScore()).isLessThanOrEqualTo(new VigilConfig.Tracker().lowScore);
    }
}
