package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.common.config.VigilConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CameraSettingsTest {
    @Test
    void aCameraByIdAndUrlHasTheSchemasDefaults() {
        VigilConfig.Camera defaults = new VigilConfig.Camera();
        CameraSettings door = CameraSettings.of("door", "rtsp://admin:s3cret@10.0.0.5:554/stream1");
        assertThat(door).isEqualTo(new CameraSettings("door", "rtsp://admin:s3cret@10.0.0.5:554/stream1",
                defaults.detect.fps, defaults.detect.width, defaults.jpegQuality, defaults.rtspTransport, true, null));
        assertThat(door.redactedUrl()).isEqualTo("rtsp://***@10.0.0.5:554/stream1");
        assertThat(door.toString()).doesNotContain("s3cret");
        assertThat(door.isStream()).isTrue();
        assertThat(CameraSettings.of("lobby", "recordings/lobby.mp4").isStream()).isFalse();
        assertThat(new CameraSettings("yard", "rtsp://x/y", 2, 1280, 90, "UDP", false, Duration.ofSeconds(45)).rtspTransport())
                .isEqualTo("udp");
    }

    @Test
    void badValuesNameTheCameraAndTheField() {
        assertThatThrownBy(() -> new CameraSettings("door", "rtsp://x/y", 5, 640, 80, "http", true))
                .hasMessage("camera door: rtsp_transport must be tcp or udp, not 'http'");
        assertThatThrownBy(() -> new CameraSettings("door", "rtsp://x/y", 0, 640, 80, "tcp", true))
                .hasMessage("camera door: detect fps must be > 0, not 0.0");
        assertThatThrownBy(() -> CameraSettings.of("front door", "rtsp://x/y"))
                .hasMessage("camera id must be 1-64 letters, digits, '_', '.' or '-', not 'front door'");
        assertThatThrownBy(() -> CameraSettings.of("door", null)).hasMessage("camera door: url is missing");
        assertThatThrownBy(() -> new CameraSettings("door", "x.mp4", 5, 640, 80, "tcp", true, Duration.ZERO))
                .hasMessageContaining("watchdog must be positive");
    }
}
