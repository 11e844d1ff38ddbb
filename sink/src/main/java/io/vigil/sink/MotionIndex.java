package io.vigil.sink;

import io.vigil.common.MotionSpan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The motion_spans table: when each camera's motion gate saw motion (what recording mode motion keeps). */
final class MotionIndex {
    private final Database db;

    MotionIndex(Database db) {
        this.db = db;
    }

    /**
     * Stores a span's start or end. An end is never undone by a redelivered start, and a new span closes any
     * earlier one of the camera still open (left so by a detector that lost its state) at its own start.
     */
    static void store(Connection c, MotionSpan s, long now) throws SQLException {
        long start = s.start().toEpochMilli();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO motion_spans (camera, start_time, end_time, stored_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (camera, start_time) DO UPDATE"
                + " SET end_time = COALESCE(excluded.end_time, motion_spans.end_time), stored_at = excluded.stored_at")) {
            ps.setString(1, s.camera());
            ps.setLong(2, start);
            if (s.end() == null) ps.setNull(3, Types.BIGINT);
            else ps.setLong(3, s.end().toEpochMilli());
            ps.setLong(4, now);
            ps.executeUpdate();
        }
        if (s.end() == null) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE motion_spans SET end_time = ?"
                    + " WHERE camera = ? AND end_time IS NULL AND start_time < ?")) {
                ps.setLong(1, start);
                ps.setString(2, s.camera());
                ps.setLong(3, start);
                ps.executeUpdate();
            }
        }
    }

    /** Whether a span of the camera, widened by pre/post, overlaps [start, end]; an open span reaches on without end. */
    boolean touches(String camera, Instant start, Instant end, long preMillis, long postMillis) throws SQLException {
        return RecordingIndex.touches(db, "motion_spans", camera, start, end, preMillis, postMillis);
    }

    /** The spans of a camera that overlap [from, to), oldest first (end null: still going on). */
    List<MotionSpan> find(String camera, Instant from, Instant to) throws SQLException {
        List<MotionSpan> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT start_time, end_time FROM motion_spans WHERE camera = ?"
                     + " AND start_time < ? AND (end_time IS NULL OR end_time >= ?) ORDER BY start_time")) {
            ps.setString(1, camera);
            ps.setLong(2, to.toEpochMilli());
            ps.setLong(3, from.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = Instant.ofEpochMilli(rs.getLong(1));
                    long end = rs.getLong(2);
                    out.add(new MotionSpan(camera, start, rs.wasNull() ? null : Instant.ofEpochMilli(end)));
                }
            }
        }
        return out;
    }

    /** Cameras with spans. */
    List<String> cameras() throws SQLException {
        List<String> cams = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT camera FROM motion_spans ORDER BY camera");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) cams.add(rs.getString(1));
        }
        return cams;
    }

    /** Deletes the camera's spans that ended before {@code cutoff} (open ones stay); returns how many. */
    int deleteEndedBefore(String camera, Instant cutoff) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM motion_spans WHERE camera = ? AND end_time < ?")) {
            ps.setString(1, camera);
            ps.setLong(2, cutoff.toEpochMilli());
            return ps.executeUpdate();
        }
    }
}
