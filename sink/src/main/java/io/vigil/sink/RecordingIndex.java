package io.vigil.sink;

import io.vigil.common.RecordingSegment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The recordings table: which span of which camera lies in which file. */
public final class RecordingIndex {
    private static final String COLUMNS = "id, camera, start_time, end_time, path, bytes, source";

    private final Database db;

    public RecordingIndex(Database db) {
        this.db = db;
    }

    /** The motion spans, which decide what recording mode motion keeps. */
    MotionIndex motion() {
        return new MotionIndex(db);
    }

    /** One indexed recording. */
    public record Entry(String id, String camera, Instant start, Instant end, String path, long bytes, String source) {
        RecordingSegment segment() {
            return new RecordingSegment(camera, start, end, path, bytes, source);
        }
    }

    static void store(Connection c, Incoming.Recording r, long now) throws SQLException {
        if (r.segment() == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM recordings WHERE id = ?")) {
                ps.setString(1, r.key());
                ps.executeUpdate();
            }
            return;
        }
        RecordingSegment s = r.segment();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recordings (" + COLUMNS + ", stored_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET end_time = excluded.end_time,"
                + " path = excluded.path, bytes = excluded.bytes, source = excluded.source")) {
            ps.setString(1, r.key());
            ps.setString(2, s.camera());
            ps.setLong(3, s.start().toEpochMilli());
            ps.setLong(4, s.end().toEpochMilli());
            ps.setString(5, s.path());
            ps.setLong(6, s.bytes());
            ps.setString(7, s.source());
            ps.setLong(8, now);
            ps.executeUpdate();
        }
    }

    /** The recordings of a camera (null = all cameras) that overlap [from, to), oldest first. */
    public List<Entry> find(String camera, Instant from, Instant to, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM recordings WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (camera != null) {
            sql.append(" AND camera = ?");
            args.add(camera);
        }
        if (to != null) {
            sql.append(" AND start_time < ?");
            args.add(to.toEpochMilli());
        }
        if (from != null) {
            sql.append(" AND end_time > ?");
            args.add(from.toEpochMilli());
        }
        sql.append(" ORDER BY start_time, id LIMIT ?");
        args.add((long) limit);
        return query(sql.toString(), args);
    }

    /** The newest recording of a camera. */
    public Optional<Entry> newest(String camera) throws SQLException {
        List<Entry> e = query("SELECT " + COLUMNS + " FROM recordings WHERE camera = ? ORDER BY end_time DESC LIMIT 1",
                List.of(camera));
        return e.stream().findFirst();
    }

    /** Recorder segments (never replayed files), oldest first. */
    List<Entry> oldestSegments(int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM recordings WHERE source = ? ORDER BY start_time, id LIMIT ?",
                List.of(RecordingSegment.SEGMENT, (long) limit));
    }

    /** Recorder segments of a camera that ended before {@code cutoff}, oldest first. */
    List<Entry> segmentsEndedBefore(String camera, Instant cutoff) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM recordings WHERE source = ? AND camera = ? AND end_time < ?"
                + " ORDER BY start_time, id", List.of(RecordingSegment.SEGMENT, camera, cutoff.toEpochMilli()));
    }

    /**
     * Recorder segments of a camera that ended before {@code endedBefore} and either ended at or after {@code endedFrom}
     * or were indexed at or after {@code storedFrom} (epoch ms), oldest first.
     */
    List<Entry> segmentsToDecide(String camera, long endedFrom, long endedBefore, long storedFrom) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM recordings WHERE source = ? AND camera = ? AND end_time < ?"
                + " AND (end_time >= ? OR stored_at >= ?) ORDER BY start_time, id",
                List.of(RecordingSegment.SEGMENT, camera, endedBefore, endedFrom, storedFrom));
    }

    /** Cameras with recorder segments. */
    List<String> recordedCameras() throws SQLException {
        List<String> cams = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT camera FROM recordings WHERE source = ? ORDER BY camera")) {
            ps.setString(1, RecordingSegment.SEGMENT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) cams.add(rs.getString(1));
            }
        }
        return cams;
    }

    /**
     * Whether an alert of the camera, widened by pre/post seconds, overlaps [start, end]. An alert still active reaches
     * on without end (as Frigate keeps the recordings of an event in progress): someone standing still sends no updates.
     */
    boolean alertTouches(String camera, Instant start, Instant end, long preMillis, long postMillis) throws SQLException {
        return touches(db, "alerts", camera, start, end, preMillis, postMillis);
    }

    /**
     * Whether a row of {@code table} of the camera, from its start_time widened by pre to its end_time widened by post
     * (no end yet: on without end), overlaps [start, end].
     */
    static boolean touches(Database db, String table, String camera, Instant start, Instant end,
                           long preMillis, long postMillis) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE camera = ?"
                     + " AND start_time - ? <= ? AND (end_time IS NULL OR end_time + ? >= ?) LIMIT 1")) {
            ps.setString(1, camera);
            ps.setLong(2, preMillis);
            ps.setLong(3, end.toEpochMilli());
            ps.setLong(4, postMillis);
            ps.setLong(5, start.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void delete(String id) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM recordings WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private List<Entry> query(String sql, List<Object> args) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Long l) ps.setLong(i + 1, l);
                else ps.setString(i + 1, (String) a);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString("id"), rs.getString("camera"), Instant.ofEpochMilli(rs.getLong("start_time")),
                            Instant.ofEpochMilli(rs.getLong("end_time")), rs.getString("path"), rs.getLong("bytes"),
                            rs.getString("source")));
                }
            }
        }
        return out;
    }
}
