package io.vigil.detector;

/**
 * When a tracked object becomes an alert, changes and ends (Frigate's rules), and how detections are
 * associated with tracks (ByteTrack's two stages).
 *
 * @param minHits            frames an object must be seen in before it is confirmed
 * @param confirmScore       median score (of the recent frames) needed for confirmation
 * @param minIou             overlap of a detection with a track's predicted box for them to match
 * @param endAfterMillis     stream time a confirmed object may be missing (and be re-found) before its alert ends
 * @param tentativeMillis    stream time an unconfirmed object may be missing before it is forgotten
 * @param scoreRise          rise of the top score that emits an "update" with a new snapshot
 * @param lowScore           detections from this score up to the label's min score only keep confirmed
 *                           tracks alive (second association stage, e.g. through partial occlusion)
 * @param lowMinIou          overlap a low-score detection needs with a track's predicted box
 * @param stationaryFrames   observations without moving after which an object is stationary
 * @param stationaryInterval a stationary object alone makes the CNN run only every this many frames
 * @param startScore         a detection matching no track starts one only from this score (ByteTrack's
 *                           det_thresh: the min score plus 0.1), so that a doubtful box cannot split a track
 */
public record TrackerSettings(int minHits, double confirmScore, double minIou, long endAfterMillis,
                              long tentativeMillis, double scoreRise, double lowScore, double lowMinIou,
                              int stationaryFrames, int stationaryInterval, double startScore) {

    public TrackerSettings {
        if (minHits < 1) throw new IllegalArgumentException("tracker: minHits must be >= 1, was " + minHits);
        if (endAfterMillis <= 0 || tentativeMillis <= 0) throw new IllegalArgumentException("tracker: times must be > 0");
    }

    public TrackerSettings withEndAfterMillis(long millis) {
        return new TrackerSettings(minHits, confirmScore, minIou, millis, tentativeMillis, scoreRise, lowScore, lowMinIou,
                stationaryFrames, stationaryInterval, startScore);
    }
}
