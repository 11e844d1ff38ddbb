package io.vigil.detector;

import io.vigil.common.Alert;
import io.vigil.common.Boxes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Follows objects across frames of one camera and turns them into alert events.
 * Each track's box is predicted by a constant-velocity Kalman filter ({@link BoxKalman}). Detections are
 * associated in two stages, as in ByteTrack: those at or above the label's min score with every track
 * of the same label, then low-score ones ({@code lowScore} up to the min score) with the confirmed
 * tracks left over, so that a partly hidden person keeps the track; each stage matches by IoU with the
 * predicted box, best overlap first. Between the two, the high-score detections left over re-find lost
 * confirmed tracks near their predicted place; only a detection scoring at least {@code startScore} that
 * matches nothing starts a new track.
 * An object is confirmed after {@code minHits} frames with a median
 * score above the threshold ("new"), changes zones or improves its top score ("update"), and ends when
 * it has been missing for {@code endAfterMillis} of stream time, or for a second after it was last seen
 * at the frame edge moving out ("end"); until then it can be re-found. All times are frame times, so a
 * replay gives the same events as the live stream did.
 */
public final class Tracker {
    static final int SCORE_HISTORY = 10;
    /** Frames earlier than the last one by more than this are another recording, not jitter. */
    private static final long TIME_JUMP_MILLIS = 2_000;
    /** An object last seen leaving through the frame edge ends this soon: whoever comes in there next is someone else. */
    private static final long LEFT_FRAME_MILLIS = 1_000;
    /** Share of the frame width that counts as its edge. */
    private static final double EDGE = 0.02;
    /** A box overlapping where the object stopped this much has not moved. */
    private static final double STILL_IOU = 0.8;

    private final String camera;
    private final TrackerSettings settings;

    public Tracker(String camera, TrackerSettings settings) {
        this.camera = camera;
        this.settings = settings;
    }

    /** An alert event and whether a snapshot of the frame should go with it. */
    public record Event(Alert alert, boolean withSnapshot) {}

    /** {@link #update(CameraTracks, List, List, long, int, int)} without low-score detections. */
    public List<Event> update(CameraTracks tracks, List<Observation> observations, long frameTime,
                              int frameWidth, int frameHeight) {
        return update(tracks, observations, List.of(), frameTime, frameWidth, frameHeight);
    }

    /**
     * Updates the camera's tracks with the observations of one inferred frame.
     *
     * @param observations detections at or above their label's min score
     * @param weak         detections below it (down to {@code lowScore}): they only keep confirmed tracks
     * @return the alert events this frame causes, in a stable order
     */
    public List<Event> update(CameraTracks tracks, List<Observation> observations, List<Observation> weak,
                              long frameTime, int frameWidth, int frameHeight) {
        List<Event> events = new ArrayList<>();
        if (wentBack(tracks, frameTime)) {
            // Another recording replayed as this camera, from an earlier time: its objects are not these.
            for (TrackedObject o : tracks.objects) {
                if (o.confirmed) {
                    events.add(new Event(event(Alert.END, o, o.lastSeen, frameWidth, frameHeight, Instant.ofEpochMilli(o.lastSeen)), false));
                }
            }
            tracks.objects.clear();
        }
        boolean[] matchedTrack = new boolean[tracks.objects.size()];
        boolean[] matchedObs = associate(tracks, observations, matchedTrack, frameTime, settings.minIou(), false,
                events, frameWidth, frameHeight);
        // a clear detection near where a lost track should be is better evidence than a faint box overlapping it
        // (often the remainder of someone else in a group), so re-finding comes before the low-score stage
        refind(tracks, observations, matchedTrack, matchedObs, frameTime, events, frameWidth, frameHeight);
        associate(tracks, weak, matchedTrack, frameTime, settings.lowMinIou(), true, events, frameWidth, frameHeight);

        List<TrackedObject> gone = new ArrayList<>();
        for (int t = 0; t < tracks.objects.size(); t++) {
            if (matchedTrack[t]) continue;
            TrackedObject o = tracks.objects.get(t);
            long missing = frameTime - o.lastSeen;
            boolean ended = missing > settings.endAfterMillis()
                    || (missing > LEFT_FRAME_MILLIS && leavingFrame(o, frameWidth, frameHeight));
            if (o.confirmed && ended) {
                events.add(new Event(event(Alert.END, o, frameTime, frameWidth, frameHeight, Instant.ofEpochMilli(o.lastSeen)), false));
                gone.add(o);
            } else if (!o.confirmed && missing > (o.doubtful() ? settings.endAfterMillis() : settings.tentativeMillis())) {
                // a doubtful object is looked at only now and then: kept as long, it does not come back as a new one
                gone.add(o);
            }
        }
        tracks.objects.removeAll(gone);

        for (int i = 0; i < observations.size(); i++) {
            if (!matchedObs[i] && observations.get(i).score() >= settings.startScore()) {
                tracks.objects.add(start(tracks, observations.get(i), frameTime));
            }
        }
        return events;
    }

    /**
     * Whether the CNN must run on this frame for the tracks' sake, whatever the motion gate says: an
     * object not yet confirmed, or moving, or missing is checked on every frame; a stationary one, or one
     * seen many times without ever scoring enough to be confirmed, every {@code stationaryInterval} frames.
     *
     * @param framesSinceInference frames since the CNN last ran on this camera, this one included
     */
    public boolean needsInference(CameraTracks tracks, int framesSinceInference) {
        for (TrackedObject o : tracks.objects) {
            if (due(o, framesSinceInference)) return true;
        }
        return false;
    }

    /** Moving, or unconfirmed, or at the end of a stationary or doubtful object's interval. */
    private boolean due(TrackedObject o, int framesSinceInference) {
        boolean rarely = o.stationary(settings.stationaryFrames()) || o.doubtful();
        return !rarely || framesSinceInference >= settings.stationaryInterval();
    }

    /** A track missing longer than this gets no region at its predicted place: motion will show where it went. */
    static final long LOOK_AFTER_LOST_MILLIS = 2_000;

    /**
     * The predicted boxes (frame pixels) the CNN's regions should cover on this frame: every object that
     * {@link #needsInference} would run the CNN for, while it was seen in the last {@code LOOK_AFTER_LOST_MILLIS}.
     */
    public List<Regions.Look> toLookAt(CameraTracks tracks, long frameTime, int framesSinceInference) {
        List<Regions.Look> looks = new ArrayList<>();
        for (TrackedObject o : tracks.objects) {
            long unseen = frameTime - o.lastSeen;
            if (due(o, framesSinceInference) && unseen <= LOOK_AFTER_LOST_MILLIS) looks.add(new Regions.Look(o.predictedBox(frameTime), unseen));
        }
        return looks;
    }

    private static boolean wentBack(CameraTracks tracks, long frameTime) {
        return tracks.objects.stream().anyMatch(o -> o.lastSeen > frameTime + TIME_JUMP_MILLIS);
    }

    /** Last seen at an edge of the frame, moving out through it. */
    private static boolean leavingFrame(TrackedObject o, int w, int h) {
        double margin = EDGE * w;
        return (o.box[0] <= margin && o.velocity[0] < 0) || (o.box[2] >= w - margin && o.velocity[2] > 0)
                || (o.box[1] <= margin && o.velocity[1] < 0) || (o.box[3] >= h - margin && o.velocity[3] > 0);
    }

    /** One association stage: matches observations with the tracks not matched yet; returns which observations matched. */
    private boolean[] associate(CameraTracks tracks, List<Observation> observations, boolean[] matchedTrack, long frameTime,
                                double minIou, boolean weak, List<Event> events, int w, int h) {
        boolean[] matchedObs = new boolean[observations.size()];
        for (Pair p : candidatePairs(tracks, observations, matchedTrack, frameTime, minIou, weak)) {
            if (matchedTrack[p.track] || matchedObs[p.obs]) continue;
            matchedTrack[p.track] = true;
            matchedObs[p.obs] = true;
            Event e = observe(tracks.objects.get(p.track), observations.get(p.obs), weak, frameTime, w, h);
            if (e != null) events.add(e);
        }
        return matchedObs;
    }

    /** How far (in box heights) from its predicted centre a lost track may be re-found; tuned on the sample. */
    static final double REFIND = 0.8;

    /**
     * Re-finding, after the high-score stage and before the low-score one: a confirmed track that no
     * high-score detection overlapped (it may be lost) takes one that none of the others took
     * when it is near where the track was predicted (centres within {@code REFIND} box heights) and of a
     * similar size, nearest first: people hidden for a while reappear off the straight line.
     */
    private void refind(CameraTracks tracks, List<Observation> observations, boolean[] matchedTrack, boolean[] matchedObs,
                        long frameTime, List<Event> events, int w, int h) {
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.objects.size(); t++) {
            TrackedObject o = tracks.objects.get(t);
            if (matchedTrack[t] || !o.confirmed || o.lastSeen >= frameTime) continue;
            double[] p = o.predictedBox(frameTime);
            double ph = p[3] - p[1];
            for (int d = 0; d < observations.size(); d++) {
                Observation obs = observations.get(d);
                if (matchedObs[d] || !o.label.equals(obs.label())) continue;
                double[] b = obs.box();
                double ratio = (b[3] - b[1]) / ph;
                double dist = Math.hypot((b[0] + b[2] - p[0] - p[2]) / 2, (b[1] + b[3] - p[1] - p[3]) / 2) / ph;
                if (ratio > 0.67 && ratio < 1.5 && dist <= REFIND) pairs.add(new Pair(t, d, -dist));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        for (Pair p : pairs) {
            if (matchedTrack[p.track] || matchedObs[p.obs]) continue;
            matchedTrack[p.track] = true;
            matchedObs[p.obs] = true;
            Event e = observe(tracks.objects.get(p.track), observations.get(p.obs), false, frameTime, w, h);
            if (e != null) events.add(e);
        }
    }

    private TrackedObject start(CameraTracks tracks, Observation obs, long frameTime) {
        TrackedObject o = new TrackedObject();
        o.id = camera + "-" + frameTime + "-" + (tracks.origin == null ? "" : tracks.origin + "-") + (tracks.nextObject++);
        o.label = obs.label();
        BoxKalman.start(o, obs.box());
        o.stillBox = obs.box().clone();
        o.firstSeen = frameTime;
        o.lastSeen = frameTime;
        o.hits = 1;
        o.score = obs.score();
        o.topScore = obs.score();
        o.scores.add(obs.score());
        o.zones = new ArrayList<>(obs.zones());
        return o;
    }

    private Event observe(TrackedObject o, Observation obs, boolean weak, long frameTime, int w, int h) {
        double dt = Math.max(0, (frameTime - o.lastSeen) / 1000.0);
        BoxKalman.update(o, obs.box(), dt);
        if (o.stillBox != null && iou(o.stillBox, obs.box()) >= STILL_IOU) {
            o.stillFrames++;
        } else {
            o.stillBox = obs.box().clone();
            o.stillFrames = 0;
        }
        o.lastSeen = frameTime;
        o.hits++;
        o.score = obs.score();
        boolean zonesChanged = !Objects.equals(o.zones, obs.zones());
        o.zones = new ArrayList<>(obs.zones());
        if (weak) {
            return zonesChanged ? new Event(event(Alert.UPDATE, o, frameTime, w, h, null), false) : null;
        }
        o.scores.add(obs.score());
        if (o.scores.size() > SCORE_HISTORY) o.scores.remove(0);
        o.topScore = Math.max(o.topScore, obs.score());

        if (!o.confirmed) {
            if (o.hits >= settings.minHits() && median(o.scores) >= settings.confirmScore()) {
                o.confirmed = true;
                o.emittedTopScore = o.topScore;
                return new Event(event(Alert.NEW, o, frameTime, w, h, null), true);
            }
            return null;
        }
        boolean better = o.topScore >= o.emittedTopScore + settings.scoreRise();
        if (better) o.emittedTopScore = o.topScore;
        if (better || zonesChanged) {
            return new Event(event(Alert.UPDATE, o, frameTime, w, h, null), better);
        }
        return null;
    }

    private Alert event(String type, TrackedObject o, long frameTime, int w, int h, Instant end) {
        return new Alert(type, o.id, camera, o.label, o.score, o.topScore, inFrame(o.box, w, h),
                Instant.ofEpochMilli(frameTime), w, h,
                List.copyOf(o.zones), Instant.ofEpochMilli(o.firstSeen), end, o.nextSeq++);
    }

    private record Pair(int track, int obs, double iou) {}

    private List<Pair> candidatePairs(CameraTracks tracks, List<Observation> observations, boolean[] matchedTrack,
                                      long frameTime, double minIou, boolean confirmedOnly) {
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.objects.size(); t++) {
            TrackedObject o = tracks.objects.get(t);
            if (matchedTrack[t] || (confirmedOnly && !o.confirmed)) continue;
            double[] predicted = o.predictedBox(frameTime);
            for (int d = 0; d < observations.size(); d++) {
                Observation obs = observations.get(d);
                if (!o.label.equals(obs.label())) continue;
                double iou = Math.max(iou(predicted, obs.box()), iou(o.box, obs.box()));
                if (iou >= minIou) pairs.add(new Pair(t, d, iou));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        return pairs;
    }

    /** The box clipped to the frame: the filtered box of an object at the edge may reach beyond it. */
    private static double[] inFrame(double[] box, int w, int h) {
        return new double[] {clamp(box[0], w), clamp(box[1], h), clamp(box[2], w), clamp(box[3], h)};
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    static double iou(double[] a, double[] b) {
        return Boxes.iou(a, b);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
