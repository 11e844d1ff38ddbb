package io.vigil.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyConfigTest {
    @TempDir Path dir;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("vigil.yml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void nothingIsSentByDefault() {
        VigilConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c.notify.enabled()).isFalse();
        assertThat(c.notify.mqtt.topicPrefix).isEqualTo("vigil");
        assertThat(c.notify.groupId).isEqualTo("vigil-notify");
    }

    @Test
    void aFullSectionIsRead() throws IOException {
        VigilConfig c = ConfigLoader.load(write("""
                notify:
                  mqtt:
                    url: ssl://broker.lan:8883
                    username: vigil
                    password: ${MQTT_PASSWORD}
                    topic_prefix: home/vigil
                  webhooks:
                    - url: https://chat.example.com/hooks/abc
                      secret: s3cret
                      labels: [person]
                      types: [new, end]
                      cooldown_seconds: 120
                """), Map.of("MQTT_PASSWORD", "pw"));
        assertThat(c.notify.enabled()).isTrue();
        assertThat(c.notify.mqtt.password).isEqualTo("pw");
        assertThat(c.notify.mqtt.topicPrefix).isEqualTo("home/vigil");
        NotifyConfig.Webhook w = c.notify.webhooks.get(0);
        assertThat(w.types).containsExactly("new", "end");
        assertThat(w.labels).containsExactly("person");
        assertThat(w.cameras).isEmpty();
        assertThat(w.cooldownSeconds).isEqualTo(120);
        assertThat(w.maxAttempts).isEqualTo(5);
    }

    @Test
    void everyErrorNamesItsFieldAndNoSecretIsRepeated() throws IOException {
        Path f = write("""
                notify:
                  mqtt:
                    url: mqtt://user:hunter2@broker:1883
                    password: hunter2
                    topic_prefix: "vigil/#"
                    buffer_size: 10
                  webhooks:
                    - url: ftp://files.example.com/token-xyz
                      types: [created]
                      max_attempts: 0
                    - url: https://ok.example.com/hook
                      cooldown_seconds: -1
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        List<String> errors = e.errors();
        assertThat(errors).anyMatch(m -> m.startsWith("notify.mqtt.url: must be tcp://host:port or ssl://host:port"))
                .anyMatch(m -> m.startsWith("notify.mqtt.password: needs notify.mqtt.username"))
                .anyMatch(m -> m.startsWith("notify.mqtt.topic_prefix:"))
                .anyMatch(m -> m.startsWith("notify.mqtt.buffer_size:"))
                .anyMatch(m -> m.startsWith("notify.webhooks[0].url: must be an http:// or https:// URL"))
                .anyMatch(m -> m.startsWith("notify.webhooks[0].types:"))
                .anyMatch(m -> m.startsWith("notify.webhooks[0].max_attempts:"))
                .anyMatch(m -> m.startsWith("notify.webhooks[1].cooldown_seconds:"))
                .hasSize(8);
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("token-xyz");
    }

    @Test
    void anUnknownKeyIsNamed() throws IOException {
        Path f = write("""
                notify:
                  webhooks:
                    - url: https://ok.example.com/hook
                      label: [person]
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertThat(e.errors().get(0)).contains("notify.webhooks[0]").contains("label");
    }
}
