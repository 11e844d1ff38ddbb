package io.vigil.sink;

import static io.vigil.sink.AlertRows.instant;

import io.vigil.common.CameraStatus;
import io.vigil.common.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The latest status of every camera: written with the sink's batches, read by the API and the live page. */
public final class CameraStatusRepository {
    private final Database db;

    CameraStatusRepository(Database db) {
        this.db = db;
    }

    /** Stores the camera's latest status in the batch's transaction; false when it equals the stored one. */
    static boolean upsert(Connection c, Incoming.Status cs, long now) throws SQLException {
        CameraStatus st = cs.status();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cameras"
                + " (id, state, fps, last_frame_at, error, status_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET state = excluded.state, fps = excluded.fps,"
                + " last_frame_at = excluded.last_frame_at, error = excluded.error,"
                + " status_json = excluded.status_json, updated_at = excluded.updated_at"
                + " WHERE cameras.status_json <> excluded.status_json")) {
            ps.setString(1, cs.camera());
            ps.setString(2, st.state() == null ? null : st.state().text());
            ps.setDouble(3, st.fps());
            ps.setString(4, st.lastFrameAt() == null ? null : st.lastFrameAt().toString());
            ps.setString(5, st.error());
            ps.setString(6, Json.string(st));
            ps.setLong(7, now);
            return ps.executeUpdate() > 0;
        }
    }


    public List<StoredCameraStatus> cameras() throws SQLException {
        List<StoredCameraStatus> cameras = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, state, fps, last_frame_at, error, updated_at FROM cameras ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double fps = rs.getDouble("fps");
                cameras.add(new StoredCameraStatus(rs.getString("id"), rs.getString("state"), rs.wasNull() ? null : fps,
                        rs.getString("last_frame_at"), rs.getString("error"), instant(rs, "updated_at")));
            }
        }
        return cameras;
    }
}
