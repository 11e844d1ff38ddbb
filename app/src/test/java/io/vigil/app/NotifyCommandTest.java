package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyCommandTest {
    @TempDir Path dir;

    @Test
    void withNothingConfiguredItSaysWhatToSet() throws Exception {
        Path config = Files.writeString(dir.resolve("vigil.yml"), "data_dir: " + dir + "\n");
        Cli notify = Cli.run("notify", "-c", config);
        assertThat(notify.exitCode()).isEqualTo(1);
        assertThat(notify.err()).contains("notify.mqtt.url").contains("notify.webhooks").doesNotContain("\tat ");
    }

    @Test
    void aBadNotifySectionIsNamedByConfigCheck() throws Exception {
        Path config = Files.writeString(dir.resolve("vigil.yml"), """
                notify:
                  mqtt: {url: "http://broker:1883", username: u, password: topsecret}
                """);
        Cli check = Cli.run("config", "check", config);
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).contains("notify.mqtt.url: must be tcp://host:port or ssl://host:port").doesNotContain("topsecret");
    }
}
