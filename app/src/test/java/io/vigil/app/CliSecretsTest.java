package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line rejects bad cameras and configs with a clear error that never prints the password. */
class CliSecretsTest {
    private static final String PW = "Qw8Sekr3tCli";
    @TempDir Path dir;

    @Test
    void ingestValidatesCamerasGivenOnTheCommandLine() {
        Cli bad = Cli.run("ingest", "--camera", "door=rtsp://admin:" + PW + "@[bad/stream?password=" + PW);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("cameras[0].url").doesNotContain(PW);
        assertThat(bad.out()).doesNotContain(PW);
        Cli badId = Cli.run("ingest", "--camera", "no camera id=rtsp://admin:" + PW + "@cam/stream");
        assertThat(badId.exitCode()).isNotZero();
        assertThat(badId.err()).contains("cameras[0].id").doesNotContain(PW);
        Cli noEq = Cli.run("ingest", "--camera", "rtsp://admin:" + PW + "@cam/stream");
        assertThat(noEq.exitCode()).isNotZero();
        assertThat(noEq.err() + noEq.out()).doesNotContain(PW);
    }

    @Test
    void configCheckNamesTheFieldWithoutTheSecret() throws Exception {
        Path bad = dir.resolve("vigil.yml");
        Files.writeString(bad, """
                cameras:
                  - id: door
                    url: "rtsp://admin:%s@[bad/stream"
                sink:
                  database_url: "jdbc:mysql://vigil:%s@db/vigil?password=%s"
                  api_token: "  "
                """.formatted(PW, PW, PW));
        Cli check = Cli.run("config", "check", bad);
        assertThat(check.exitCode()).isNotZero();
        assertThat(check.err() + check.out()).contains("cameras[0].url").contains("sink.database_url").contains("sink.api_token")
                .doesNotContain(PW);
    }
}
