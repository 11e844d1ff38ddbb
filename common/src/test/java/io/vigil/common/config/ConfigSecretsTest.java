package io.vigil.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config errors name the field and say what is wrong, but never quote a password or a ${VAR} value back. */
class ConfigSecretsTest {
    private static final String PW = "Zr9Sekr3tCfg";
    @TempDir Path dir;

    private String errorOf(String yaml, Map<String, String> env) throws IOException {
        Path f = dir.resolve("vigil.yml");
        Files.writeString(f, yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f, env));
        assertThat(e).as("config is rejected").isNotNull();
        return e.getMessage() + " " + e.errors() + " " + e;
    }

    @Test
    void badCameraUrlsAreNamedWithoutTheirPassword() throws IOException {
        String msg = errorOf("""
                cameras:
                  - id: door
                    url: "rtsp://admin:%s@[bad host/stream?password=%s"
                """.formatted(PW, PW), Map.of());
        assertThat(msg).contains("cameras[0].url").doesNotContain(PW);
    }

    @Test
    void valuesFromTheEnvironmentAreNotQuoted() throws IOException {
        String msg = errorOf("""
                cameras:
                  - id: door
                    url: ${CAM_URL}
                sink:
                  database_url: ${DB_URL}
                """, Map.of("CAM_URL", "rtsp://" + PW + "@[bad", "DB_URL", "jdbc:mysql://u:" + PW + "@db/x?password=" + PW));
        assertThat(msg).contains("cameras[0].url").contains("sink.database_url").doesNotContain(PW);
    }

    @Test
    void aYamlSyntaxErrorSaysWhereButDoesNotQuoteTheLine() throws IOException {
        String msg = errorOf("""
                sink:
                  api_token: "%s
                  retention_days: [
                """.formatted(PW), Map.of());
        assertThat(msg).contains("line").doesNotContain(PW);
    }

    @Test
    void aWrongTypeInASecretFieldHidesTheValue() throws IOException {
        String msg = errorOf("""
                sink:
                  database_password: [ "%s" ]
                  http_port: "%s"
                """.formatted(PW, PW), Map.of());
        assertThat(msg).doesNotContain(PW);
    }

    @Test
    void aBlankTokenIsAnErrorNotAuthSwitchedOff() throws IOException {
        String msg = errorOf("""
                sink:
                  api_token: "  "
                """, Map.of());
        assertThat(msg).contains("sink.api_token");
    }
}
