package io.vigil.sink;

import static io.vigil.sink.AlertRows.findAlert;
import static io.vigil.sink.AlertRows.rollbackQuietly;
import static io.vigil.sink.AlertRows.setInstant;

import io.vigil.common.Alert;
import io.vigil.common.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes what the sink consumed: alert events merged into their alert ({@link AlertLifecycle}), snapshots
 * camera statuses, recordings and motion spans, a batch per transaction.
 */
final class AlertWriter {
    private final Database db;

    AlertWriter(Database db) {
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
                    } else if (item instanceof Incoming.Status cs && CameraStatusRepository.upsert(c, cs, now)) {
                        cameras.add(cs.camera());
                    } else if (item instanceof Incoming.Recording r) {
                        RecordingIndex.store(c, r, now);
                    } else if (item instanceof Incoming.Motion m) {
                        MotionIndex.store(c, m.span(), now);
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
                + " last_seq = excluded.last_seq, last_type = excluded.last_type,"
                // retention counts from the alert's last activity: an alert still active keeps its snapshot
                + " stored_at = excluded.stored_at")) {
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
}
