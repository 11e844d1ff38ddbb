package io.vigil.notify;

import io.vigil.common.Alert;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The objects active now per camera and label, from the event stream: an alert counts from its first
 * event ("new", or an "update" seen after a restart) until its "end".
 */
final class ActiveObjects {
    private final Map<String, Map<String, Set<String>>> active = new HashMap<>();

    /** Applies the event; returns the label's new count on the camera, or -1 when it did not change. */
    int apply(Alert a) {
        Set<String> ids = active.computeIfAbsent(a.camera(), c -> new HashMap<>())
                .computeIfAbsent(a.label(), l -> new HashSet<>());
        boolean changed = Alert.END.equals(a.type()) ? ids.remove(a.id()) : ids.add(a.id());
        return changed ? ids.size() : -1;
    }

    int count(String camera, String label) {
        return active.getOrDefault(camera, Map.of()).getOrDefault(label, Set.of()).size();
    }
}
