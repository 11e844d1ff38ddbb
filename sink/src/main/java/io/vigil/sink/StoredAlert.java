package io.vigil.sink;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One alert as stored: the merge of its new/update/end events.
 *
 * @param box         last known box [x1, y1, x2, y2] in frame pixels, or null if no event carried one
 * @param zones       every zone the object has been in
 * @param endTime     null while the alert is active
 * @param lastSeq     sequence number of the newest event merged in
 * @param lastType    type of that event
 * @param hasSnapshot whether {@code /api/alerts/{id}/snapshot.jpg} has an image
 * @param hasClip     whether recorded video covers the alert ({@code /api/alerts/{id}/clip.mp4})
 */
public record StoredAlert(
        String id,
        String camera,
        String label,
        double score,
        double topScore,
        double[] box,
        List<String> zones,
        int frameWidth,
        int frameHeight,
        Instant startTime,
        Instant endTime,
        Instant lastFrameTime,
        int lastSeq,
        String lastType,
        boolean hasSnapshot,
        boolean hasClip) {

    @JsonProperty("active")
    public boolean active() {
        return endTime == null;
    }

    /** The clip of the event with pre/post capture, or null when nothing recorded covers it. */
    @JsonProperty("clipUrl")
    public String clipUrl() {
        return hasClip ? "/api/alerts/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "/clip.mp4" : null;
    }

    /** Seconds from start to end (or to the last frame seen, while active). */
    @JsonProperty("durationSeconds")
    public double durationSeconds() {
        Instant last = endTime != null ? endTime : lastFrameTime;
        return Duration.between(startTime, last).toMillis() / 1000.0;
    }
}
