package io.vigil.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;

/** A fresh, empty database for one test class: a SQLite file, or a new schema in the local PostgreSQL. */
abstract class TestDatabase implements AutoCloseable {
    static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    abstract String jdbcUrl();

    @Override
    public abstract void close();

    static TestDatabase sqlite() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sink-sqlite");
        return new TestDatabase() {
            @Override
            String jdbcUrl() {
                return "jdbc:sqlite:" + dir.resolve("vigil.db");
            }

            @Override
            public void close() {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (Exception e) {
                    // temp files; nothing else to do
                }
            }

            @Override
            public String toString() {
                return "SQLite";
            }
        };
    }

    /** A schema of its own in the local PostgreSQL, dropped on close. */
    static TestDatabase postgres() throws SQLException {
        // the name is made here from hex digits, never from input
        String schema = "vigil_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return new TestDatabase() {
            @Override
            String jdbcUrl() {
                return POSTGRES_URL + "&currentSchema=" + schema;
            }

            @Override
            public void close() {
                try {
                    execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("Could not drop test schema " + schema + ": " + e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "PostgreSQL";
            }
        };
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
