package io.vigil.sink;

import static io.vigil.sink.AlertRows.rollbackQuietly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deletes old alerts with everything stored about them, and the oldest snapshots beyond the disk cap (run on a schedule by {@link RetentionJob}). */
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

    /**
     * Deletes the oldest snapshots (by when they were stored) while all snapshots together take more than
     * {@code maxBytes}; the alerts stay. Returns the number of snapshots deleted.
     */
    public int capSnapshots(long maxBytes) throws SQLException {
        int deleted = 0;
        try (Connection c = db.connection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(LENGTH(jpeg)), 0) FROM snapshots");
                 var rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            if (total <= maxBytes) return 0;
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT alert_id, LENGTH(jpeg) FROM snapshots ORDER BY stored_at, alert_id");
                 var rs = ps.executeQuery()) {
                while (total > maxBytes && rs.next()) {
                    ids.add(rs.getString(1));
                    total -= rs.getLong(2);
                }
            }
            for (String id : ids) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM snapshots WHERE alert_id = ?")) {
                    ps.setString(1, id);
                    deleted += ps.executeUpdate();
                }
            }
        }
        return deleted;
    }

    private static int execute(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            return ps.executeUpdate();
        }
    }
}
