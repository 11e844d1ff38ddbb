package io.vigil.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Alerts, their event history, snapshots and camera states in SQLite or PostgreSQL. The same SQL runs on
 * both; every value is bound through a prepared statement.
 */
public final class AlertRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private static final String ALERT_COLUMNS = "a.id, a.camera, a.label, a.score, a.top_score, a.box_x1, a.box_y1,"
            + " a.box_x2, a.box_y2, a.zones, a.frame_width, a.frame_height, a.start_time, a.end_time,"
            + " a.last_frame_time, a.last_seq, a.last_type,"
            + " CASE WHEN EXISTS (SELECT 1 FROM snapshots s WHERE s.alert_id = a.id) THEN 1 ELSE 0 END AS has_snapshot,"
            + " CASE WHEN EXISTS (SELECT 1 FROM recordings r WHERE r.camera = a.camera"
            + " AND r.start_time <= COALESCE(a.end_time, a.last_frame_time) AND r.end_time >= a.start_time)"
            + " THEN 1 ELSE 0 END AS has_clip";

    private final Database db;

    public AlertRepository(Database db) {
        this.db = db;
    }

    /** What a stored batch changed: ids of alerts whose row or snapshot changed, and cameras whose status did. */
    public record Changes(Set<String> alertIds, Set<String> cameraIds) {
        boolean isEmpty() {
            return alertIds.isEmpty() && cameraIds.isEmpty();
        }
    }

    /**
     * Stores a batch in one transaction. Events already stored (same alert id and seq) and snapshots identical
     * to the stored one change nothing, so a redelivered batch is harmless.
     */
    Changes store(List<Incoming> batch) throws SQLException {
        Set<String> alerts = new LinkedHashSet<>();
        Set<String> cameras = new LinkedHashSet<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                long now = System.currentTimeMillis();
                for (Incoming item : batch) {
                    if (item instanceof Incoming.AlertEvent e && storeEvent(c, e.alert(), now)) {
                        alerts.add(e.alert().id());
                    } else if (item instanceof Incoming.Snapshot s && storeSnapshot(c, s, now)) {
                        alerts.add(s.alertId());
                    } else if (item instanceof Incoming.CameraState cs && storeCamera(c, cs, now)) {
                        cameras.add(cs.camera());
                    } else if (item instanceof Incoming.Recording r) {
                        RecordingIndex.store(c, r, now);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
        return new Changes(alerts, cameras);
    }

    private boolean storeEvent(Connection c, Alert event, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_events"
                + " (alert_id, seq, type, frame_time, score, top_score, box, zones, stored_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, seq) DO NOTHING")) {
            ps.setString(1, event.id());
            ps.setInt(2, event.seq());
            ps.setString(3, event.type());
            setInstant(ps, 4, event.frameTime());
            ps.setDouble(5, event.score());
            ps.setDouble(6, event.topScore());
            ps.setString(7, event.box() == null ? null : Json.string(event.box()));
            ps.setString(8, Json.string(event.zones() == null ? List.of() : event.zones()));
            ps.setLong(9, now);
            if (ps.executeUpdate() == 0) {
                return false; // already stored: redelivery
            }
        }
        StoredAlert merged = AlertLifecycle.merge(findAlert(c, event.id()).orElse(null), event);
        upsertAlert(c, merged, now);
        for (String zone : merged.zones()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO alert_zones (alert_id, zone) VALUES (?, ?) ON CONFLICT (alert_id, zone) DO NOTHING")) {
                ps.setString(1, merged.id());
                ps.setString(2, zone);
                ps.executeUpdate();
            }
        }
        return true;
    }

    private static void upsertAlert(Connection c, StoredAlert a, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (id, camera, label, score, top_score,"
                + " box_x1, box_y1, box_x2, box_y2, zones, frame_width, frame_height, start_time, end_time,"
                + " last_frame_time, last_seq, last_type, stored_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET score = excluded.score, top_score = excluded.top_score,"
                + " box_x1 = excluded.box_x1, box_y1 = excluded.box_y1, box_x2 = excluded.box_x2,"
                + " box_y2 = excluded.box_y2, zones = excluded.zones, frame_width = excluded.frame_width,"
                + " frame_height = excluded.frame_height, start_time = excluded.start_time,"
                + " end_time = excluded.end_time, last_frame_time = excluded.last_frame_time,"
                + " last_seq = excluded.last_seq, last_type = excluded.last_type")) {
            int i = 0;
            ps.setString(++i, a.id());
            ps.setString(++i, a.camera());
            ps.setString(++i, a.label());
            ps.setDouble(++i, a.score());
            ps.setDouble(++i, a.topScore());
            for (int k = 0; k < 4; k++) {
                if (a.box() == null) ps.setNull(++i, Types.DOUBLE);
                else ps.setDouble(++i, a.box()[k]);
            }
            ps.setString(++i, Json.string(a.zones()));
            ps.setInt(++i, a.frameWidth());
            ps.setInt(++i, a.frameHeight());
            setInstant(ps, ++i, a.startTime());
            setInstant(ps, ++i, a.endTime());
            setInstant(ps, ++i, a.lastFrameTime());
            ps.setInt(++i, a.lastSeq());
            ps.setString(++i, a.lastType());
            ps.setLong(++i, now);
            ps.executeUpdate();
        }
    }

    private static boolean storeSnapshot(Connection c, Incoming.Snapshot s, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshots (alert_id, jpeg, stored_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (alert_id) DO UPDATE SET jpeg = excluded.jpeg,"
                + " stored_at = excluded.stored_at WHERE snapshots.jpeg <> excluded.jpeg")) {
            ps.setString(1, s.alertId());
            ps.setBytes(2, s.jpeg());
            ps.setLong(3, now);
            return ps.executeUpdate() > 0;
        }
    }

    private static boolean storeCamera(Connection c, Incoming.CameraState cs, long now) throws SQLException {
        JsonNode st = cs.status();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cameras"
                + " (id, state, fps, last_frame_at, error, status_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET state = excluded.state, fps = excluded.fps,"
                + " last_frame_at = excluded.last_frame_at, error = excluded.error,"
                + " status_json = excluded.status_json, updated_at = excluded.updated_at"
                + " WHERE cameras.status_json <> excluded.status_json")) {
            ps.setString(1, cs.camera());
            ps.setString(2, text(st, "state"));
            if (st.path("fps").isNumber()) ps.setDouble(3, st.path("fps").asDouble());
            else ps.setNull(3, Types.DOUBLE);
            ps.setString(4, text(st, "lastFrameAt"));
            ps.setString(5, text(st, "error"));
            ps.setString(6, st.toString());
            ps.setLong(7, now);
            return ps.executeUpdate() > 0;
        }
    }

    /** A page of alerts matching the query, newest first. */
    public AlertPage find(AlertQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + ALERT_COLUMNS + " FROM alerts a WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.camera() != null) {
            sql.append(" AND a.camera = ?");
            args.add(q.camera());
        }
        if (q.label() != null) {
            sql.append(" AND a.label = ?");
            args.add(q.label());
        }
        if (q.zone() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM alert_zones z WHERE z.alert_id = a.id AND z.zone = ?)");
            args.add(q.zone());
        }
        if (q.from() != null) {
            sql.append(" AND a.start_time >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND a.start_time < ?");
            args.add(q.to().toEpochMilli());
        }
        if (q.cursor() != null) {
            sql.append(" AND (a.start_time < ? OR (a.start_time = ? AND a.id < ?))");
            args.add(q.cursor().startTime().toEpochMilli());
            args.add(q.cursor().startTime().toEpochMilli());
            args.add(q.cursor().id());
        }
        sql.append(" ORDER BY a.start_time DESC, a.id DESC LIMIT ?");
        args.add(q.limit() + 1); // one more tells whether there is a next page

        List<StoredAlert> alerts = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof Long l) ps.setLong(i + 1, l);
                else if (arg instanceof Integer n) ps.setInt(i + 1, n);
                else ps.setString(i + 1, (String) arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) alerts.add(alert(rs));
            }
        }
        if (alerts.size() <= q.limit()) {
            return new AlertPage(alerts, null);
        }
        List<StoredAlert> page = List.copyOf(alerts.subList(0, q.limit()));
        return new AlertPage(page, PageCursor.after(page.get(page.size() - 1)).encode());
    }

    public Optional<StoredAlert> find(String id) throws SQLException {
        try (Connection c = db.connection()) {
            return findAlert(c, id);
        }
    }

    /** The alert with its events, oldest first. */
    public Optional<AlertDetails> findWithHistory(String id) throws SQLException {
        try (Connection c = db.connection()) {
            Optional<StoredAlert> alert = findAlert(c, id);
            if (alert.isEmpty()) return Optional.empty();
            List<AlertEventEntry> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, type, frame_time, score, top_score, box, zones"
                    + " FROM alert_events WHERE alert_id = ? ORDER BY seq")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String box = rs.getString("box");
                        events.add(new AlertEventEntry(rs.getInt("seq"), rs.getString("type"),
                                instant(rs, "frame_time"), rs.getDouble("score"), rs.getDouble("top_score"),
                                box == null ? null : Json.read(box.getBytes(), double[].class),
                                strings(rs.getString("zones"))));
                    }
                }
            }
            return Optional.of(new AlertDetails(alert.get(), events));
        }
    }

    public Optional<byte[]> snapshot(String alertId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT jpeg FROM snapshots WHERE alert_id = ?")) {
            ps.setString(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    public long count() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM alerts");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Number of stored alerts per label, labels sorted. */
    public Map<String, Long> countByLabel() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT label, COUNT(*) FROM alerts GROUP BY label ORDER BY label");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
        }
        return counts;
    }

    public List<CameraStatus> cameras() throws SQLException {
        List<CameraStatus> cameras = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, state, fps, last_frame_at, error, updated_at FROM cameras ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double fps = rs.getDouble("fps");
                cameras.add(new CameraStatus(rs.getString("id"), rs.getString("state"), rs.wasNull() ? null : fps,
                        rs.getString("last_frame_at"), rs.getString("error"), instant(rs, "updated_at")));
            }
        }
        return cameras;
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

    private static Optional<StoredAlert> findAlert(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts a WHERE a.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    private static StoredAlert alert(ResultSet rs) throws SQLException {
        double x1 = rs.getDouble("box_x1");
        double[] box = rs.wasNull() ? null
                : new double[] {x1, rs.getDouble("box_y1"), rs.getDouble("box_x2"), rs.getDouble("box_y2")};
        return new StoredAlert(rs.getString("id"), rs.getString("camera"), rs.getString("label"),
                rs.getDouble("score"), rs.getDouble("top_score"), box, strings(rs.getString("zones")),
                rs.getInt("frame_width"), rs.getInt("frame_height"), instant(rs, "start_time"),
                instant(rs, "end_time"), instant(rs, "last_frame_time"), rs.getInt("last_seq"),
                rs.getString("last_type"), rs.getInt("has_snapshot") == 1, rs.getInt("has_clip") == 1);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, t.toEpochMilli());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON list is corrupt: " + json, e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
