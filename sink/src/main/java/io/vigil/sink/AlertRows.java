package io.vigil.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** How an alert row maps to {@link StoredAlert}, shared by the writer (merge) and the queries. */
final class AlertRows {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    static final String ALERT_COLUMNS = "a.id, a.camera, a.label, a.score, a.top_score, a.box_x1, a.box_y1,"
            + " a.box_x2, a.box_y2, a.zones, a.frame_width, a.frame_height, a.start_time, a.end_time,"
            + " a.last_frame_time, a.last_seq, a.last_type,"
            + " CASE WHEN EXISTS (SELECT 1 FROM snapshots s WHERE s.alert_id = a.id) THEN 1 ELSE 0 END AS has_snapshot,"
            + " CASE WHEN EXISTS (SELECT 1 FROM recordings r WHERE r.camera = a.camera"
            + " AND r.start_time <= COALESCE(a.end_time, a.last_frame_time) AND r.end_time >= a.start_time)"
            + " THEN 1 ELSE 0 END AS has_clip";

    private AlertRows() {}

    static Optional<StoredAlert> findAlert(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts a WHERE a.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    static StoredAlert alert(ResultSet rs) throws SQLException {
        double x1 = rs.getDouble("box_x1");
        double[] box = rs.wasNull() ? null
                : new double[] {x1, rs.getDouble("box_y1"), rs.getDouble("box_x2"), rs.getDouble("box_y2")};
        return new StoredAlert(rs.getString("id"), rs.getString("camera"), rs.getString("label"),
                rs.getDouble("score"), rs.getDouble("top_score"), box, strings(rs.getString("zones")),
                rs.getInt("frame_width"), rs.getInt("frame_height"), instant(rs, "start_time"),
                instant(rs, "end_time"), instant(rs, "last_frame_time"), rs.getInt("last_seq"),
                rs.getString("last_type"), rs.getInt("has_snapshot") == 1, rs.getInt("has_clip") == 1);
    }

    static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, t.toEpochMilli());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static List<String> strings(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON list is corrupt: " + json, e);
        }
    }

    static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
