package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import io.vigil.common.config.NotifyConfig;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookFiltersTest {
    private static WebhookTarget target(NotifyConfig.Webhook w) {
        w.url = "https://chat.example.com/hooks/token";
        return new WebhookTarget(w, "chat", HttpClient.newHttpClient(), null, new NotifyMetrics());
    }

    private static Alert event(String type, String camera, String label, int second, List<String> zones) {
        return NotifyFixture.alert(type, camera, camera + "-1", label, second, zones);
    }

    @Test
    void byDefaultOnlyNewEventsOfAnyCameraLabelOrZone() {
        WebhookTarget t = target(new NotifyConfig.Webhook());
        assertThat(t.wants(event(Alert.NEW, "a", "dog", 0, List.of()))).isTrue();
        assertThat(t.wants(event(Alert.UPDATE, "a", "dog", 100, List.of()))).isFalse();
        assertThat(t.wants(event(Alert.END, "a", "dog", 200, List.of()))).isFalse();
    }

    @Test
    void camerasLabelsAndZonesMustAllMatch() {
        NotifyConfig.Webhook w = new NotifyConfig.Webhook();
        w.cameras = List.of("front");
        w.labels = List.of("person");
        w.zones = List.of("porch", "drive");
        WebhookTarget t = target(w);
        assertThat(t.wants(event(Alert.NEW, "front", "person", 0, List.of("drive")))).isTrue();
        assertThat(t.wants(event(Alert.NEW, "back", "person", 0, List.of("drive")))).isFalse();
        assertThat(t.wants(event(Alert.NEW, "front", "car", 0, List.of("drive")))).isFalse();
        assertThat(t.wants(event(Alert.NEW, "front", "person", 0, List.of()))).isFalse();
        assertThat(t.wants(event(Alert.NEW, "front", "person", 0, List.of("lawn")))).isFalse();
    }

    @Test
    void updatesOfAnObjectWaitForItsCooldownEndAlwaysPasses() {
        NotifyConfig.Webhook w = new NotifyConfig.Webhook();
        w.types = List.of("new", "update", "end");
        w.cooldownSeconds = 10;
        WebhookTarget t = target(w);
        assertThat(t.wants(event(Alert.NEW, "a", "person", 0, List.of()))).isTrue();
        assertThat(t.wants(event(Alert.UPDATE, "a", "person", 5, List.of()))).isFalse();
        assertThat(t.wants(event(Alert.UPDATE, "a", "person", 11, List.of()))).isTrue();
        assertThat(t.wants(event(Alert.UPDATE, "a", "person", 12, List.of()))).isFalse();
        assertThat(t.wants(event(Alert.END, "a", "person", 13, List.of()))).isTrue();
        // another object is not held back by this one's cooldown
        assertThat(t.wants(NotifyFixture.alert(Alert.UPDATE, "a", "a-2", "person", 5, List.of()))).isTrue();
    }

    @Test
    void theSignatureIsGitHubsHexHmacSha256() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(Signature.of("Jefe", "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
