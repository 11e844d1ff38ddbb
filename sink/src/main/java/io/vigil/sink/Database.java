package io.vigil.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vigil.common.Redaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pooled connection to SQLite or PostgreSQL whose schema is brought up to date by Flyway on open. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** How long a caller waits for a connection before the database counts as unreachable. */
    private static final long CONNECTION_TIMEOUT_MS = 3_000;

    private final HikariDataSource dataSource;
    private final String description;

    private Database(HikariDataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    /** Opens the database and runs the migrations; fails with a message naming the database if it cannot. */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null);
    }

    /**
     * Opens the database, logging in as {@code login} when given. User and password go to the driver as
     * they are, never into the URL, where pgjdbc would decode them ('+' to space, '&' ends the value).
     */
    public static Database open(String jdbcUrl, SinkSettings.DatabaseLogin login) {
        String description = Redaction.url(withoutQuery(jdbcUrl));
        String password = login == null ? null : login.password();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (login != null) {
            config.setUsername(login.user());
            config.setPassword(login.password());
        }
        config.setPoolName("vigil-sink");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(1_000);
        if (isSqlite(jdbcUrl)) {
            createParentDirectory(jdbcUrl);
            // WAL lets the API read while the consumer writes; busy_timeout waits for the one writer.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.setMaximumPoolSize(4);
        } else {
            config.setMaximumPoolSize(6);
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("sink: cannot connect to database " + description + ": "
                    + Redaction.hide(Redaction.text(rootMessage(e), jdbcUrl), password));
        }
        try {
            var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            log.info("Database {} ready (schema version {}, {} migration(s) applied)", description,
                    result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("sink: cannot migrate database " + description + ": "
                    + Redaction.hide(Redaction.text(rootMessage(e), jdbcUrl), password));
        }
        return new Database(dataSource, description);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Whether a connection can be had and answers within a second. */
    public boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The URL without its query string and userinfo (which may hold a password). */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static boolean isSqlite(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = withoutQuery(jdbcUrl).substring("jdbc:sqlite:".length());
        if (file.isEmpty() || file.startsWith(":memory:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("sink: cannot create directory " + parent + " for the database", e);
        }
    }

    private static String withoutQuery(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }
}
