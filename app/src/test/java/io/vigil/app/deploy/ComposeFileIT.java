package io.vigil.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.app.Vigil;
import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.VigilConfig;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * docker-compose.yml, checked as far as this machine allows without a Docker engine: Compose's own
 * validation ({@code docker-compose config}), then every service against the vigil command line, the config
 * file it mounts, the brokers' KRaft quorum, its health check, ports, volumes and dependencies.
 */
class ComposeFileIT {
    private static final Path ROOT = ComposeFile.repoRoot();
    private static final Path COMPOSE_CONFIG = ROOT.resolve("docker/vigil.compose.yml");

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Path binary = onPath("docker-compose");
        assumeTrue(binary != null, "docker-compose is not installed (Debian: apt-get install docker-compose; .ci/run does), "
                + "so Compose's own validation is skipped; the other tests of this class still check the file");
        Process p = new ProcessBuilder(binary.toString(), "-f", ROOT.resolve(ComposeFile.FILE).toString(), "config", "-q")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
        assertThat(p.exitValue()).as("docker-compose config -q: %s", output).isZero();
    }

    @Test
    void everyServiceIsConsistentWithVigilAndItsConfig() {
        assertThat(ComposeCheck.problems(ComposeFile.load(ROOT))).isEmpty();
    }

    @Test
    void theComposeConfigPassesConfigCheck() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Vigil()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("config", "check", COMPOSE_CONFIG.toString());
        assertThat(exit).as("vigil config check: %s%s", out, err).isZero();
        assertThat(out.toString()).contains("OK (2 cameras");

        VigilConfig c = ConfigLoader.load(COMPOSE_CONFIG, Map.of());
        assertThat(c.cameras).extracting(cam -> cam.id + "=" + cam.url)
                .containsExactly("cam1=rtsp://rtsp:8554/cam1", "cam2=rtsp://rtsp:8554/cam2");
        assertThat(c.kafka.bootstrapServers.split(",")).hasSize(3);
        assertThat(c.kafka.replicationFactor).isEqualTo(3);
        assertThat(c.detector.standbyReplicas).isEqualTo(1);
        assertThat(c.sink.databaseUrl).startsWith("jdbc:postgresql://postgres:");
        assertThat(c.sink.databasePassword).as("default of ${VIGIL_DB_PASSWORD:-vigil}").isEqualTo("vigil");
    }

    /** Each row breaks the real file in one place; the check must name the service and what is wrong. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            2@kafka-2:9093,3@kafka-3:9093 | 2@kafka-2:9093                    | kafka-1: KAFKA_CONTROLLER_QUORUM_VOTERS is [1@kafka-1:9093, 2@kafka-2:9093]
            http://detector-2:8081/health | http://detector-2:9999/health     | detector-2: health check calls port 9999, but the service listens on 8081
            http://detector-2:8081/health | http://127.0.0.1:8081/health      | detector-2: health check calls host 127.0.0.1
            command: [ingest,             | command: [ingset,                 | ingest: command [ingset, --config, /etc/vigil/vigil.yml] is not a valid vigil command line
            --advertised-host, detector-2 | --advertised-host, detector-1     | detector-2: --advertised-host detector-1 is used by another detector
            "detector-2:/data"            | "detector-1:/data"                | detector-2: shares state volume 'detector-1' with another detector
            ./samples:/samples:ro         | ./sample:/samples:ro              | camera-feed: mounts ./sample, which is not in the repository
            rtsp://rtsp:8554/cam2"]       | rtsp://rtsp:8554/camera2"]        | ingest: camera cam2 reads rtsp://rtsp:8554/cam2, which no service publishes
            POSTGRES_USER: vigil          | POSTGRES_USER: admin              | postgres: POSTGRES_USER is admin, but the Vigil config expects vigil
            KAFKA_NODE_ID: 3              | KAFKA_NODE_ID: 2                  | kafka-3: KAFKA_NODE_ID missing or not unique: 2
            HOST://:29092                 | HOST://:29092,PLAIN://:1       | kafka-1: listener PLAIN has no security protocol
            PLAINTEXT://kafka-3:9092      | PLAINTEXT://kafka3:9092           | kafka-3: advertises PLAINTEXT as kafka3:9092, expected kafka-3:9092
            camera-feed: {condition: service_healthy} | camera-feed: {condition: service_started} | ingest: waits only for 'camera-feed' to start, not to be healthy
            postgres: {condition: service_healthy}    | postgres-db: {condition: service_healthy} | sink: depends on 'postgres-db', which is not a service
            """)
    void aBrokenFileIsReported(String original, String broken, String expectedProblem) throws Exception {
        String text = Files.readString(ROOT.resolve(ComposeFile.FILE));
        assertThat(text).as("the real file has the text this case changes").contains(original);
        var problems = ComposeCheck.problems(ComposeFile.parse(text.replace(original, broken), ROOT));
        assertThat(problems).anyMatch(p -> p.startsWith(expectedProblem));
    }

    private static Path onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
