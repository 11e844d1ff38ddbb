package io.vigil.detector;

import io.vigil.common.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Follows objects across frames of one camera and turns them into alert events.
 * Detections are matched to tracks of the same label by IoU with the track's predicted box (greedy,
 * best overlap first); an object is confirmed after {@code minHits} frames with a median score above
 * the threshold ("new"), changes zones or improves its top score ("update"), and ends when it has
 * been missing for {@code endAfterMillis} of stream time ("end"). All times are frame times, so a
 * replay gives the same events as the live stream did.
 */
public final class Tracker {
    static final int SCORE_HISTORY = 10;
    private static final double VELOCITY_SMOOTHING = 0.5;
    /** Frames earlier than the last one by more than this are another recording, not jitter. */
    private static final long TIME_JUMP_MILLIS = 2_000;

    private final String camera;
    private final TrackerSettings settings;

    public Tracker(String camera, TrackerSettings settings) {
        this.camera = camera;
        this.settings = settings;
    }

    /** An alert event and whether a snapshot of the frame should go with it. */
    public record Event(Alert alert, boolean withSnapshot) {}

    /**
     * Updates the camera's tracks with the observations of one inferred frame.
     *
     * @return the alert events this frame causes, in a stable order
     */
    public List<Event> update(CameraTracks tracks, List<Observation> observations, long frameTime,
                              int frameWidth, int frameHeight) {
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
        boolean[] matchedObs = new boolean[observations.size()];

        for (Pair p : candidatePairs(tracks, observations, frameTime)) {
            if (matchedTrack[p.track] || matchedObs[p.obs]) continue;
            matchedTrack[p.track] = true;
            matchedObs[p.obs] = true;
            TrackedObject o = tracks.objects.get(p.track);
            Event e = observe(o, observations.get(p.obs), frameTime, frameWidth, frameHeight);
            if (e != null) events.add(e);
        }

        List<TrackedObject> gone = new ArrayList<>();
        for (int t = 0; t < tracks.objects.size(); t++) {
            if (matchedTrack[t]) continue;
            TrackedObject o = tracks.objects.get(t);
            long missing = frameTime - o.lastSeen;
            if (o.confirmed && missing > settings.endAfterMillis()) {
                events.add(new Event(event(Alert.END, o, frameTime, frameWidth, frameHeight, Instant.ofEpochMilli(o.lastSeen)), false));
                gone.add(o);
            } else if (!o.confirmed && missing > settings.tentativeMillis()) {
                gone.add(o);
            }
        }
        tracks.objects.removeAll(gone);

        for (int i = 0; i < observations.size(); i++) {
            if (!matchedObs[i]) tracks.objects.add(start(tracks, observations.get(i), frameTime));
        }
        return events;
    }

    private static boolean wentBack(CameraTracks tracks, long frameTime) {
        return tracks.objects.stream().anyMatch(o -> o.lastSeen > frameTime + TIME_JUMP_MILLIS);
    }

    private TrackedObject start(CameraTracks tracks, Observation obs, long frameTime) {
        TrackedObject o = new TrackedObject();
        o.id = camera + "-" + frameTime + "-" + (tracks.origin == null ? "" : tracks.origin + "-") + (tracks.nextObject++);
        o.label = obs.label();
        o.box = obs.box().clone();
        o.firstSeen = frameTime;
        o.lastSeen = frameTime;
        o.hits = 1;
        o.score = obs.score();
        o.topScore = obs.score();
        o.scores.add(obs.score());
        o.zones = new ArrayList<>(obs.zones());
        return o;
    }

    private Event observe(TrackedObject o, Observation obs, long frameTime, int w, int h) {
        double dt = (frameTime - o.lastSeen) / 1000.0;
        if (dt > 0) {
            for (int i = 0; i < 4; i++) {
                double v = (obs.box()[i] - o.box[i]) / dt;
                o.velocity[i] = VELOCITY_SMOOTHING * v + (1 - VELOCITY_SMOOTHING) * o.velocity[i];
            }
        }
        o.box = obs.box().clone();
        o.lastSeen = frameTime;
        o.hits++;
        o.score = obs.score();
        o.scores.add(obs.score());
        if (o.scores.size() > SCORE_HISTORY) o.scores.remove(0);
        o.topScore = Math.max(o.topScore, obs.score());
        boolean zonesChanged = !Objects.equals(o.zones, obs.zones());
        o.zones = new ArrayList<>(obs.zones());

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
        return new Alert(type, o.id, camera, o.label, o.score, o.topScore, o.box.clone(),
                Instant.ofEpochMilli(frameTime), w, h,
                List.copyOf(o.zones), Instant.ofEpochMilli(o.firstSeen), end, o.nextSeq++);
    }

    private record Pair(int track, int obs, double iou) {}

    private List<Pair> candidatePairs(CameraTracks tracks, List<Observation> observations, long frameTime) {
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.objects.size(); t++) {
            TrackedObject o = tracks.objects.get(t);
            double[] predicted = o.predictedBox(frameTime);
            for (int d = 0; d < observations.size(); d++) {
                Observation obs = observations.get(d);
                if (!o.label.equals(obs.label())) continue;
                double iou = Math.max(iou(predicted, obs.box()), iou(o.box, obs.box()));
                if (iou >= settings.minIou()) pairs.add(new Pair(t, d, iou));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        return pairs;
    }

    static double iou(double[] a, double[] b) {
        double ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = ix * iy;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
