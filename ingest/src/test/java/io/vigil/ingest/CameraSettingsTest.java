package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraSettingsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<CameraSettings> read(String yaml) throws Exception {
        return YAML.readValue(yaml, new TypeReference<List<CameraSettings>>() {});
    }

    @Test
    void readsTheCamerasOfAConfigFileWithDefaults() throws Exception {
        List<CameraSettings> cameras = read("""
                - id: door
                  url: rtsp://admin:s3cret@10.0.0.5:554/stream1
                - id: yard
                  url: rtsp://10.0.0.6/h264
                  detect_fps: 2
                  detect_width: 1280
                  jpeg_quality: 90
                  rtsp_transport: UDP
                  enabled: false
                - id: lobby
                  url: recordings/lobby.mp4
                """);
        assertThat(cameras.get(0)).isEqualTo(new CameraSettings("door", "rtsp://admin:s3cret@10.0.0.5:554/stream1", 5, 640, 80, "tcp", true));
        assertThat(cameras.get(1)).isEqualTo(new CameraSettings("yard", "rtsp://10.0.0.6/h264", 2, 1280, 90, "udp", false));
        assertThat(cameras.get(0).redactedUrl()).isEqualTo("rtsp://admin:***@10.0.0.5:554/stream1");
        assertThat(cameras.get(0).isStream()).isTrue();
        assertThat(cameras.get(2).isStream()).isFalse();
    }

    @Test
    void badValuesNameTheCameraAndTheField() {
        assertThatThrownBy(() -> read("- {id: door, url: rtsp://x/y, rtsp_transport: http}"))
                .hasRootCauseMessage("camera door: rtsp_transport must be tcp or udp, not 'http'");
        assertThatThrownBy(() -> read("- {id: door, url: rtsp://x/y, detect_fps: 0}"))
                .hasRootCauseMessage("camera door: detect fps must be in (0, 120], not 0.0");
        assertThatThrownBy(() -> read("- {id: 'front door', url: rtsp://x/y}"))
                .hasRootCauseMessage("camera id must be 1-64 letters, digits, '.', '_' or '-', not 'front door'");
        assertThatThrownBy(() -> read("- {id: door}")).hasRootCauseMessage("camera door: url is missing");
    }
}
