package io.vigil.detector;

import io.vigil.common.FrameObjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a camera's tracks are on one frame, as published on the objects topic. */
final class ObjectsReport {
    private ObjectsReport() {}

    /**
     * @param lastInferredAt frame time of the camera's last CNN run (this frame's when {@code inferred})
     * @param stationaryFrames observations without moving after which a confirmed object is stationary
     */
    static FrameObjects of(String camera, CameraTracks tracks, long frameTime, long lastInferredAt, boolean inferred,
                           int width, int height, int stationaryFrames) {
        List<FrameObjects.Track> objects = new ArrayList<>(tracks.objects.size());
        for (TrackedObject o : tracks.objects) {
            String state = !o.confirmed ? FrameObjects.TENTATIVE
                    : o.lastSeen < lastInferredAt ? FrameObjects.LOST
                    : o.stationary(stationaryFrames) ? FrameObjects.STATIONARY : FrameObjects.ACTIVE;
            objects.add(new FrameObjects.Track(o.confirmed ? o.id : null, o.label, round(o.score, 1000), clip(o.box, width, height), state));
        }
        return new FrameObjects(camera, Instant.ofEpochMilli(frameTime), width, height, inferred, objects);
    }

    /** Inside the frame (the Kalman box of an object at the edge may reach beyond it), to 0.1 px: a small record per frame. */
    private static double[] clip(double[] box, int w, int h) {
        return new double[] {round(Math.max(0, Math.min(w, box[0])), 10), round(Math.max(0, Math.min(h, box[1])), 10),
                round(Math.max(0, Math.min(w, box[2])), 10), round(Math.max(0, Math.min(h, box[3])), 10)};
    }

    private static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
