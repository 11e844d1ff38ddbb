package io.vigil.app.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Alerts matched one-to-one to visits by temporal IoU, best pairs first (greedy): a visit is found
 * when an alert covers it with tIoU at least {@code minTiou}; an alert matching no visit is extra.
 *
 * @param pairs    the matched (visit, alert, tIoU)
 * @param missed   visits no alert matched
 * @param extra    alerts that matched no visit
 */
public record VisitMatch(List<Pair> pairs, List<Visit> missed, List<Span> extra, int visits, int alerts) {

    public record Pair(Visit visit, Span alert, double tiou) {}

    public static VisitMatch of(List<Visit> visits, List<Span> alerts, double minTiou) {
        List<Pair> candidates = new ArrayList<>();
        for (Visit v : visits) {
            for (Span a : alerts) {
                double t = Span.tiou(v.start(), v.end(), a.start(), a.end());
                if (t >= minTiou && t > 0) candidates.add(new Pair(v, a, t));
            }
        }
        candidates.sort(Comparator.comparingDouble(Pair::tiou).reversed());
        List<Pair> pairs = new ArrayList<>();
        List<Visit> usedVisits = new ArrayList<>();
        List<Span> usedAlerts = new ArrayList<>();
        for (Pair p : candidates) {
            if (containsSame(usedVisits, p.visit) || containsSame(usedAlerts, p.alert)) continue;
            usedVisits.add(p.visit);
            usedAlerts.add(p.alert);
            pairs.add(p);
        }
        List<Visit> missed = visits.stream().filter(v -> !containsSame(usedVisits, v)).toList();
        List<Span> extra = alerts.stream().filter(a -> !containsSame(usedAlerts, a)).toList();
        pairs.sort(Comparator.comparingDouble((Pair p) -> p.visit.start()));
        return new VisitMatch(pairs, missed, extra, visits.size(), alerts.size());
    }

    /** Identity, not equality: two visits may have the same fields. */
    private static boolean containsSame(List<?> list, Object o) {
        for (Object x : list) if (x == o) return true;
        return false;
    }

    public int found() {
        return pairs.size();
    }

    /** The longest time from a found visit's start to its alert being raised, in seconds (0 when none found). */
    public double maxSecondsToAlert() {
        return pairs.stream().mapToDouble(p -> Math.max(0, p.alert.raised() - p.visit.start())).max().orElse(0);
    }

    public double alertsPerVisit() {
        return visits == 0 ? 0 : (double) alerts / visits;
    }
}
