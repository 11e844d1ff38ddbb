package io.vigil.detector;

import java.util.ArrayList;
import java.util.List;

/** The tracker's state for one camera: its tracked objects and a counter that makes alert ids unique. */
public final class CameraTracks {
    public long nextObject;
    public List<TrackedObject> objects = new ArrayList<>();
}
