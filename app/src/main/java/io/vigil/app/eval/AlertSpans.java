package io.vigil.app.eval;

import io.vigil.common.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of one camera and label, from their events: start when first seen, end when last seen
 * (the "end" event), or as the tracker still has it when the recording is over.
 */
public final class AlertSpans {
    private final String camera;
    private final String label;
    /** Per alert: first seen, last seen, raised. */
    private final Map<String, Instant[]> spans = new LinkedHashMap<>();

    public AlertSpans(String camera, String label) {
        this.camera = camera;
        this.label = label;
    }

    public void accept(Alert a) {
        if (!camera.equals(a.camera()) || !label.equals(a.label())) return;
        Instant[] s = spans.computeIfAbsent(a.id(), id -> new Instant[] {a.startTime(), a.frameTime(), a.frameTime()});
        if (Alert.NEW.equals(a.type())) s[2] = a.frameTime();
        if (a.startTime() != null && (s[0] == null || a.startTime().isBefore(s[0]))) s[0] = a.startTime();
        Instant last = Alert.END.equals(a.type()) && a.endTime() != null ? a.endTime() : a.frameTime();
        if (last != null && (s[1] == null || last.isAfter(s[1]))) s[1] = last;
    }

    /** Moves an alert's end to when the tracker last saw it (for alerts still active at the end of the recording). */
    public void lastSeen(String id, Instant when) {
        Instant[] s = spans.get(id);
        if (s != null && when.isAfter(s[1])) s[1] = when;
    }

    private static double seconds(Instant t, Instant t0) {
        return (t.toEpochMilli() - t0.toEpochMilli()) / 1000.0;
    }

    public int size() {
        return spans.size();
    }

    /** The spans in seconds from {@code t0}. */
    public List<Span> relativeTo(Instant t0) {
        List<Span> out = new ArrayList<>();
        spans.forEach((id, s) -> out.add(new Span(id, seconds(s[0], t0), seconds(s[1], t0), seconds(s[2], t0))));
        return out;
    }
}
