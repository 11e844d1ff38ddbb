-- The detector's spans of motion per camera (announced on vigil.motion), for recording mode motion.
CREATE TABLE motion_spans (
    camera     TEXT NOT NULL,
    start_time BIGINT NOT NULL,
    end_time   BIGINT,                    -- null while the motion goes on
    stored_at  BIGINT NOT NULL,
    PRIMARY KEY (camera, start_time)
);
