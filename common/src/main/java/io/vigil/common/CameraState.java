package io.vigil.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a camera delivers frames. */
public enum CameraState {
    /** Frames are arriving. */
    ONLINE,
    /** The stream was lost (ended, failed or went silent); ingest is reconnecting. */
    RECONNECTING,
    /** The camera cannot be reached or read; ingest keeps retrying with backoff. */
    OFFLINE;

    /** "online", "reconnecting", "offline": the JSON form. */
    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
