package io.vigil.sink;

import static io.vigil.sink.AlertRows.rollbackQuietly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Deletes old alerts with everything stored about them (run on a schedule by {@link RetentionJob}). */
public final class AlertRetention {
    private final Database db;

    AlertRetention(Database db) {
        this.db = db;
    }

    /**
     * Deletes alerts that ended (or, if still open, were last seen) before {@code cutoff}, with their events,
     * zones and snapshots, plus snapshots of unknown alerts stored before it. Returns the alerts deleted.
     */
    public int deleteOlderThan(Instant cutoff) throws SQLException {
        String old = "SELECT id FROM alerts WHERE stored_at < ?";
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                for (String table : List.of("alert_events", "alert_zones", "snapshots")) {
                    // table names come from the fixed list above, never from input
                    execute(c, "DELETE FROM " + table + " WHERE alert_id IN (" + old + ")", cutoff.toEpochMilli());
                }
                execute(c, "DELETE FROM snapshots WHERE stored_at < ? AND alert_id NOT IN (SELECT id FROM alerts)",
                        cutoff.toEpochMilli());
                int deleted = execute(c, "DELETE FROM alerts WHERE stored_at < ?",
                        cutoff.toEpochMilli());
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    private static int execute(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            return ps.executeUpdate();
        }
    }
}
