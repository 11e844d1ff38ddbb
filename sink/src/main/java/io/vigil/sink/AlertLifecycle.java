package io.vigil.sink;

import io.vigil.common.Alert;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Merges an alert's new/update/end events into one stored alert. The newest event (highest seq) gives the
 * current score, box and type; an older event arriving late only adds its zones and best score.
 */
final class AlertLifecycle {
    private AlertLifecycle() {}

    static StoredAlert merge(StoredAlert existing, Alert event) {
        Instant eventTime = event.frameTime() != null ? event.frameTime() : event.startTime();
        Instant eventStart = event.startTime() != null ? event.startTime() : eventTime;
        double eventTop = Math.max(event.topScore(), event.score());
        List<String> eventZones = event.zones() == null ? List.of() : event.zones();
        Instant eventEnd = Alert.END.equals(event.type())
                ? (event.endTime() != null ? event.endTime() : eventTime) : null;

        if (existing == null) {
            return new StoredAlert(event.id(), event.camera(), event.label(), event.score(), eventTop,
                    event.box(), sortedUnion(List.of(), eventZones), event.frameWidth(), event.frameHeight(),
                    eventStart, eventEnd, eventTime, event.seq(), event.type(), false, false);
        }
        Instant start = eventStart.isBefore(existing.startTime()) ? eventStart : existing.startTime();
        double top = Math.max(existing.topScore(), eventTop);
        List<String> zones = sortedUnion(existing.zones(), eventZones);
        if (event.seq() <= existing.lastSeq()) {
            return new StoredAlert(existing.id(), existing.camera(), existing.label(), existing.score(), top,
                    existing.box(), zones, existing.frameWidth(), existing.frameHeight(), start,
                    existing.endTime(), existing.lastFrameTime(), existing.lastSeq(), existing.lastType(),
                    existing.hasSnapshot(), existing.hasClip());
        }
        return new StoredAlert(existing.id(), existing.camera(), existing.label(), event.score(), top,
                event.box() != null ? event.box() : existing.box(), zones,
                event.frameWidth() > 0 ? event.frameWidth() : existing.frameWidth(),
                event.frameHeight() > 0 ? event.frameHeight() : existing.frameHeight(),
                start, eventEnd != null ? eventEnd : existing.endTime(), eventTime, event.seq(), event.type(),
                existing.hasSnapshot(), existing.hasClip());
    }

    private static List<String> sortedUnion(List<String> a, List<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
