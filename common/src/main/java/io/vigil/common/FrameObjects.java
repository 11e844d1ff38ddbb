package io.vigil.common;

import java.time.Instant;
import java.util.List;

/**
 * What the detector tracks on one frame, on {@link Topics#OBJECTS} (JSON, key = camera id, record timestamp =
 * the frame's capture time; documented in docs/objects.schema.json): one record for every frame it processed,
 * whether the CNN ran on it or not, also when nothing is tracked. The live view draws these boxes on the frame
 * with the same camera and time; {@code vigil eval} scores them against boxes ground truth.
 *
 * @param camera      camera id (also the record key)
 * @param frameTime   capture time of the frame (also the record timestamp)
 * @param frameWidth  frame width in pixels
 * @param frameHeight frame height in pixels
 * @param inferred    whether the CNN ran on this frame (false: the motion gate skipped it and the boxes are the
 *                    tracks as last seen)
 * @param objects     the camera's tracked objects, confirmed and tentative
 */
public record FrameObjects(String camera, Instant frameTime, int frameWidth, int frameHeight, boolean inferred,
                           List<Track> objects) {
    /** Not confirmed yet: no alert, {@link Track#id()} is null. */
    public static final String TENTATIVE = "tentative";
    /** Confirmed and seen at the camera's last CNN run. */
    public static final String ACTIVE = "active";
    /** Confirmed, seen at the last CNN run, and not moving (checked only now and then). */
    public static final String STATIONARY = "stationary";
    /** Confirmed but missed at the last CNN run: the box is where it was last seen; it may be re-found or end. */
    public static final String LOST = "lost";

    /**
     * One tracked object.
     *
     * @param id    the alert id of a confirmed object (as on {@link Topics#ALERTS}); null (absent in the JSON) while tentative
     * @param label COCO label
     * @param score score of its last detection
     * @param box   [x1, y1, x2, y2] in frame pixels (the tracker's estimate where it was last seen)
     * @param state {@link #TENTATIVE}, {@link #ACTIVE}, {@link #STATIONARY} or {@link #LOST}
     */
    public record Track(String id, String label, double score, double[] box, String state) {
        /** Confirmed and seen at the last CNN run: what the tracker reports as in view. */
        public boolean seen() {
            return ACTIVE.equals(state) || STATIONARY.equals(state);
        }
    }
}
