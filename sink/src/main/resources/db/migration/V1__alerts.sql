-- Runs unchanged on SQLite and PostgreSQL: times are epoch milliseconds (BIGINT), lists are JSON text,
-- and BYTEA is a type name SQLite accepts (it stores blobs as they are, whatever the declared type).

CREATE TABLE alerts (
    id              TEXT PRIMARY KEY,
    camera          TEXT NOT NULL,
    label           TEXT NOT NULL,
    score           DOUBLE PRECISION NOT NULL,
    top_score       DOUBLE PRECISION NOT NULL,
    box_x1          DOUBLE PRECISION,
    box_y1          DOUBLE PRECISION,
    box_x2          DOUBLE PRECISION,
    box_y2          DOUBLE PRECISION,
    zones           TEXT NOT NULL,          -- JSON array: every zone the object has been in
    frame_width     INTEGER NOT NULL,
    frame_height    INTEGER NOT NULL,
    start_time      BIGINT NOT NULL,
    end_time        BIGINT,                 -- null while the alert is active
    last_frame_time BIGINT NOT NULL,
    last_seq        INTEGER NOT NULL,
    last_type       TEXT NOT NULL,
    stored_at       BIGINT NOT NULL
);
CREATE INDEX alerts_newest ON alerts (start_time, id);
CREATE INDEX alerts_camera_newest ON alerts (camera, start_time, id);

CREATE TABLE alert_events (
    alert_id    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    frame_time  BIGINT,
    score       DOUBLE PRECISION NOT NULL,
    top_score   DOUBLE PRECISION NOT NULL,
    box         TEXT,                       -- JSON [x1, y1, x2, y2]
    zones       TEXT NOT NULL,              -- JSON array: zones at this event
    stored_at   BIGINT NOT NULL,
    PRIMARY KEY (alert_id, seq)
);

CREATE TABLE alert_zones (
    alert_id TEXT NOT NULL,
    zone     TEXT NOT NULL,
    PRIMARY KEY (alert_id, zone)
);
CREATE INDEX alert_zones_zone ON alert_zones (zone);

-- No foreign key to alerts: a snapshot may be consumed before its alert (they come on different topics).
CREATE TABLE snapshots (
    alert_id  TEXT PRIMARY KEY,
    jpeg      BYTEA NOT NULL,
    stored_at BIGINT NOT NULL
);

CREATE TABLE cameras (
    id            TEXT PRIMARY KEY,
    state         TEXT,
    fps           DOUBLE PRECISION,
    last_frame_at TEXT,
    error         TEXT,
    status_json   TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);
