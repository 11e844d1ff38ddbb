package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database password with '+', '&', '%', ' ' and '@' reaches PostgreSQL intact, and never shows in an error.
 * The shared PostgreSQL trusts every local connection, so this test starts a throw-away PostgreSQL of its own
 * (Debian's initdb and pg_ctl, run as the postgres user) with scram-sha-256 authentication, where a mangled
 * password fails to log in.
 */
class DatabaseCredentialsIT {
    static final String PASSWORD = "p+a&s%s w@rd";
    static final String USER = "vigil_special";
    private static ScramPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = ScramPostgres.start();
        try (Connection c = pg.superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + USER + " OWNER " + USER);
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    @Test
    void aPasswordWithSpecialCharactersLogsInAndMigrates() throws Exception {
        try (Database db = Database.open(pg.url(USER), new SinkSettings.DatabaseLogin(USER, PASSWORD));
             Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_user, count(*) FROM alerts")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo(USER);
        }
    }

    @Test
    void theOldWayOfAppendingItToTheUrlFailsWhichIsWhyItIsGone() {
        assertThatThrownBy(() -> Database.open(pg.url(USER) + "?user=" + USER + "&password=" + PASSWORD).close())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWrongPasswordIsAClearErrorWithoutThePassword() {
        assertThatThrownBy(() -> Database.open(pg.url(USER), new SinkSettings.DatabaseLogin(USER, "x" + PASSWORD)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("s w@rd"))
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void theSinkRunsWithTheLoginAndItsHealthAndConfigHideThePassword() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SinkSettings config = SinkSettings.ofJdbcUrl(SharedKafka.get().clientConfig(), pg.url(USER))
                .withHttpPort(0).withGroupId("creds-" + run).withTopics("alerts-" + run, "snapshots-" + run, "status-" + run)
                .withDatabaseLogin(USER, PASSWORD);
        assertThat(config.toString()).doesNotContain(PASSWORD).contains(USER);
        try (SinkService sink = new SinkService(config).start()) {
            var http = java.net.http.HttpClient.newHttpClient();
            var health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + sink.port() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"database\":\"UP\"").doesNotContain(PASSWORD);
        }
    }

    /** A PostgreSQL server of this test's own, on a free port, password authentication only. */
    static final class ScramPostgres implements AutoCloseable {
        private static final String SUPER_PASSWORD = "super-" + UUID.randomUUID();
        private final Path dir;
        private final int port;

        private ScramPostgres(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        static ScramPostgres start() throws Exception {
            Path bin = Files.list(Path.of("/usr/lib/postgresql")).sorted().reduce((a, b) -> b).orElseThrow().resolve("bin");
            Path dir = Files.createTempDirectory("vigil-pg-");
            Path pw = dir.resolve("pw");
            Files.writeString(pw, SUPER_PASSWORD);
            run(List.of("chown", "-R", "postgres", dir.toString()));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            runAsPostgres(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "--auth=scram-sha-256",
                    "--pwfile=" + pw, "-U", "postgres");
            runAsPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l", dir.resolve("log").toString(),
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
            return new ScramPostgres(dir, port);
        }

        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        Connection superuser() throws Exception {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            p.setProperty("password", SUPER_PASSWORD);
            return DriverManager.getConnection(url("postgres"), p);
        }

        private static void runAsPostgres(String... command) throws IOException, InterruptedException {
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> full = new java.util.ArrayList<>();
            if (root) full.addAll(List.of("runuser", "-u", "postgres", "--"));
            full.addAll(List.of(command));
            run(full);
        }

        private static void run(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        }

        @Override
        public void close() {
            try {
                Path bin = Files.list(Path.of("/usr/lib/postgresql")).sorted().reduce((a, b) -> b).orElseThrow().resolve("bin");
                runAsPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
                run(List.of("rm", "-rf", dir.toString()));
            } catch (Exception e) {
                System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
            }
        }
    }
}
