package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.common.Alert;
import io.vigil.common.config.NotifyConfig;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and username/password against a second, real Mosquitto started by this test on a free port (TLS
 * only, no anonymous access), with a self-signed certificate made by openssl. Mosquitto's own client
 * mosquitto_sub reads what notify published. The password never shows in /health or /metrics.
 */
class MqttSecurityIT {
    private static final String PASSWORD = "correct horse battery staple";
    private static NotifyFixture fixture;
    private static Process mosquitto;
    private static int port;
    @TempDir static Path tls;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NotifyFixture();
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", tls.resolve("key.pem").toString(),
                "-out", tls.resolve("cert.pem").toString());
        run("mosquitto_passwd", "-b", "-c", tls.resolve("passwd").toString(), "vigil", PASSWORD);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(tls.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                certfile %s
                keyfile %s
                allow_anonymous false
                password_file %s
                persistence false
                """.formatted(port, tls.resolve("cert.pem"), tls.resolve("key.pem"), tls.resolve("passwd")));
        // mosquitto started as root runs as user mosquitto: it must be able to read these test-only files
        tls.toFile().setReadable(true, false);
        tls.toFile().setExecutable(true, false);
        tls.resolve("key.pem").toFile().setReadable(true, false);
        tls.resolve("passwd").toFile().setReadable(true, false);
        mosquitto = new ProcessBuilder("mosquitto", "-c", tls.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(tls.resolve("mosquitto.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).failFast("mosquitto exited: " + tls.resolve("mosquitto.log"), () -> !mosquitto.isAlive()).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
        if (fixture != null) fixture.close();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", command) + ": " + out);
    }

    private NotifyConfig config(String password) {
        NotifyConfig c = new NotifyConfig();
        c.mqtt.url = "ssl://127.0.0.1:" + port;
        c.mqtt.caFile = tls.resolve("cert.pem").toString();
        c.mqtt.username = "vigil";
        c.mqtt.password = password;
        c.mqtt.clientId = "tls-" + System.nanoTime();
        c.httpPort = 0;
        c.groupId = c.mqtt.clientId;
        return c;
    }

    private static String get(NotifyService n, String path) throws Exception {
        return new String(URI.create("http://127.0.0.1:" + n.port() + path).toURL().openStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void publishesOverTlsWithAUserAndPassword() throws Exception {
        try (NotifyService notify = new NotifyService(fixture.kafkaProperties(), config(PASSWORD), List.of("gate"),
                List.of("person"), dir).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> notify.health().toString().contains("state=connected"));
            fixture.send(NotifyFixture.alert(Alert.NEW, "gate", "gate-1", "person", 0, List.of()));
            assertThat(notify.awaitDelivered(Duration.ofSeconds(30))).isTrue();
            Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port),
                    "--cafile", tls.resolve("cert.pem").toString(), "-u", "vigil", "-P", PASSWORD,
                    "-t", "vigil/gate/person", "-C", "1", "-W", "5").start();
            assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("1");
            assertThat(get(notify, "/health") + get(notify, "/metrics")).doesNotContain(PASSWORD).doesNotContain("horse");
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutIt() throws Exception {
        String wrong = "wrong-" + PASSWORD;
        try (NotifyService notify = new NotifyService(fixture.kafkaProperties(), config(wrong), List.of(),
                List.of("person"), dir).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> notify.health().containsKey("mqtt")
                    && notify.health().toString().contains("error="));
            String health = get(notify, "/health");
            assertThat(health).contains("\"state\":\"connecting\"").contains("Not authorized")
                    .contains("ssl://127.0.0.1:" + port).doesNotContain("horse");
            assertThat(get(notify, "/metrics")).contains("vigil_notify_mqtt_connected 0.0").doesNotContain("horse");
        }
    }
}
