-- Recorded video: recorder segments and replayed files, indexed where they lie (announced on vigil.recordings).
CREATE TABLE recordings (
    id         TEXT PRIMARY KEY,          -- camera/start-millis, the record key
    camera     TEXT NOT NULL,
    start_time BIGINT NOT NULL,
    end_time   BIGINT NOT NULL,
    path       TEXT NOT NULL,
    bytes      BIGINT NOT NULL,
    source     TEXT NOT NULL,             -- segment (deleted by retention) or file (replayed footage, never deleted)
    stored_at  BIGINT NOT NULL
);
CREATE INDEX recordings_camera_time ON recordings (camera, start_time);
CREATE INDEX recordings_oldest ON recordings (start_time);
