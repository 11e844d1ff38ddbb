package io.vigil.sink;

import static io.vigil.sink.AlertRows.ALERT_COLUMNS;
import static io.vigil.sink.AlertRows.alert;
import static io.vigil.sink.AlertRows.findAlert;
import static io.vigil.sink.AlertRows.instant;
import static io.vigil.sink.AlertRows.strings;

import io.vigil.common.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's queries of the stored alerts, their event history and snapshots, in SQLite or PostgreSQL (the
 * same SQL runs on both; every value is bound through a prepared statement). Writing is {@link AlertWriter},
 * camera status {@link CameraStatusRepository}, retention {@link AlertRetention}.
 */
public final class AlertRepository {
    private final Database db;

    public AlertRepository(Database db) {
        this.db = db;
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
}
