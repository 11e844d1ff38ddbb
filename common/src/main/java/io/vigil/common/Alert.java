package io.vigil.common;

import java.time.Instant;
import java.util.List;

/**
 * An alert event on {@link Topics#ALERTS} (JSON, documented in docs/alert.schema.json).
 *
 * @param type        "new", "update" or "end"
 * @param id          stable id of the alert (the tracked object)
 * @param camera      camera id (also the record key)
 * @param label       COCO label, e.g. "person"
 * @param score       score of this detection
 * @param topScore    best score seen for this object so far
 * @param box         [x1, y1, x2, y2] in frame pixels
 * @param frameTime   capture time of the frame the event was made from
 * @param frameWidth  frame width in pixels
 * @param frameHeight frame height in pixels
 * @param zones       zones the object is in now (may be empty)
 * @param startTime   when the object was first seen
 * @param endTime     when it was last seen (set on "end")
 * @param seq         per-alert event sequence number (0 for "new")
 */
public record Alert(
        String type,
        String id,
        String camera,
        String label,
        double score,
        double topScore,
        double[] box,
        Instant frameTime,
        int frameWidth,
        int frameHeight,
        List<String> zones,
        Instant startTime,
        Instant endTime,
        int seq) {

    public static final String NEW = "new";
    public static final String UPDATE = "update";
    public static final String END = "end";
}
