package io.vigil.detector;

import java.util.ArrayList;
import java.util.List;

/** The tracker's state for one camera: its tracked objects and a counter that makes alert ids unique. */
public final class CameraTracks {
    public long nextObject;
    public List<TrackedObject> objects = new ArrayList<>();
    /**
     * Where the frame being tracked came from ("partition.offset"), set before each update and not stored:
     * part of new alert ids, so a replay after a state reset (counter back at 0) gets new ids, while
     * reprocessing the same record (exactly-once after a crash) gets the same ones.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String origin;
}
