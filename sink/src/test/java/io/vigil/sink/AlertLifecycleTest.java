package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How one alert's new/update/end events merge into the stored alert, whatever order they arrive in. */
class AlertLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-11-20T22:00:00Z");

    private static Alert event(String type, int seq, double score, double top, List<String> zones, int atSecond) {
        Instant frame = T0.plusSeconds(atSecond);
        return new Alert(type, "lobby-1", "lobby", "person", score, top, new double[] {seq, seq, seq + 10, seq + 10},
                frame, 640, 480, zones, T0, Alert.END.equals(type) ? frame : null, seq);
    }

    @Test
    void eventsInOrderGiveTheNewestScoreBoxAndTypeAndTheBestScoreSeen() {
        StoredAlert a = AlertLifecycle.merge(null, event(Alert.NEW, 0, 0.6, 0.6, List.of("door"), 1));
        assertThat(a.lastType()).isEqualTo(Alert.NEW);
        assertThat(a.endTime()).isNull();
        a = AlertLifecycle.merge(a, event(Alert.UPDATE, 1, 0.9, 0.9, List.of("yard"), 2));
        a = AlertLifecycle.merge(a, event(Alert.END, 2, 0.5, 0.9, List.of(), 12));
        assertThat(a.score()).isEqualTo(0.5);
        assertThat(a.topScore()).isEqualTo(0.9);
        assertThat(a.box()).containsExactly(2, 2, 12, 12);
        assertThat(a.zones()).containsExactly("door", "yard");
        assertThat(a.lastSeq()).isEqualTo(2);
        assertThat(a.lastType()).isEqualTo(Alert.END);
        assertThat(a.startTime()).isEqualTo(T0);
        assertThat(a.endTime()).isEqualTo(T0.plusSeconds(12));
        assertThat(a.lastFrameTime()).isEqualTo(T0.plusSeconds(12));
    }

    @Test
    void aLateOlderEventOnlyAddsItsZonesAndBestScore() {
        StoredAlert ended = AlertLifecycle.merge(null, event(Alert.END, 2, 0.5, 0.7, List.of(), 12));
        StoredAlert merged = AlertLifecycle.merge(ended, event(Alert.UPDATE, 1, 0.95, 0.95, List.of("yard"), 2));
        assertThat(merged.lastType()).isEqualTo(Alert.END);
        assertThat(merged.lastSeq()).isEqualTo(2);
        assertThat(merged.score()).isEqualTo(0.5);
        assertThat(merged.box()).containsExactly(2, 2, 12, 12);
        assertThat(merged.topScore()).isEqualTo(0.95);
        assertThat(merged.zones()).containsExactly("yard");
        assertThat(merged.endTime()).isEqualTo(T0.plusSeconds(12));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        Alert update = event(Alert.UPDATE, 1, 0.8, 0.8, List.of("door"), 2);
        StoredAlert once = AlertLifecycle.merge(AlertLifecycle.merge(null, event(Alert.NEW, 0, 0.6, 0.6, List.of(), 1)), update);
        StoredAlert twice = AlertLifecycle.merge(once, update);
        assertThat(twice).usingRecursiveComparison().isEqualTo(once);
    }

    @Test
    void theScoreOfAnEventCountsTowardsTheBestEvenWhenItsTopScoreIsLower() {
        StoredAlert a = AlertLifecycle.merge(null, event(Alert.NEW, 0, 0.8, 0.0, null, 1));
        assertThat(a.topScore()).isEqualTo(0.8);
        assertThat(a.zones()).isEmpty();
    }
}
