package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackerTest {
    private final Tracker tracker = new Tracker("cam", TestSettings.tracker());
    private final CameraTracks tracks = new CameraTracks();
    private final List<Alert> events = new ArrayList<>();

    private void frame(long t, Observation... obs) {
        for (Tracker.Event e : tracker.update(tracks, List.of(obs), t, 640, 480)) events.add(e.alert());
    }

    private static Observation person(double x, double score, String... zones) {
        return new Observation("person", score, new double[] {x, 100, x + 40, 200}, List.of(zones));
    }

    @Test
    void aPersonWalkingThroughIsOneAlertWithALifecycle() {
        long t = 1_000_000;
        for (int i = 0; i < 20; i++) frame(t + i * 200L, person(10 + i * 8, 0.7));
        // gone: frames keep coming without the person
        for (int i = 20; i < 90; i++) frame(t + i * 200L);

        assertThat(events).extracting(Alert::type).containsExactly("new", "end");
        Alert created = events.get(0);
        assertThat(created.id()).isEqualTo(events.get(1).id());
        assertThat(created.startTime().toEpochMilli()).isEqualTo(t);
        assertThat(created.frameTime().toEpochMilli()).isEqualTo(t + 400);
        assertThat(events.get(1).endTime().toEpochMilli()).isEqualTo(t + 19 * 200L);
        assertThat(events.get(1).seq()).isEqualTo(1);
        assertThat(tracks.objects).isEmpty();
    }

    @Test
    void aFlickeringLowScoreDetectionIsNeverConfirmed() {
        long t = 0;
        frame(t, person(10, 0.51));
        frame(t + 200, person(12, 0.52));
        frame(t + 400, person(14, 0.50));
        frame(t + 600, person(16, 0.51));
        frame(t + 5000);
        assertThat(events).isEmpty();
        assertThat(tracks.objects).isEmpty();
    }

    @Test
    void twoPeopleApartAreTwoAlerts() {
        for (int i = 0; i < 5; i++) frame(i * 200L, person(10 + i * 5, 0.8), person(400 - i * 5, 0.7));
        assertThat(events).extracting(Alert::type).containsExactly("new", "new");
        assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
    }

    @Test
    void enteringAZoneAndABetterScoreAreUpdates() {
        frame(0, person(10, 0.6));
        frame(200, person(12, 0.6));
        frame(400, person(14, 0.6));
        frame(600, person(16, 0.6, "door"));
        frame(800, person(18, 0.8, "door"));
        assertThat(events).extracting(Alert::type).containsExactly("new", "update", "update");
        assertThat(events.get(1).zones()).containsExactly("door");
        assertThat(events.get(2).topScore()).isEqualTo(0.8);
        assertThat(events).extracting(Alert::seq).containsExactly(0, 1, 2);
    }

    @Test
    void aStationaryObjectSeenOnlyAtForcedChecksStaysOneAlert() {
        for (int i = 0; i < 3; i++) frame(i * 200L, person(100, 0.7));
        // the motion gate lets only a check every 5 s through; the object stays put
        for (long t = 5_000; t <= 60_000; t += 5_000) frame(t, person(100, 0.7));
        assertThat(events).extracting(Alert::type).containsExactly("new");
    }

    @Test
    void anEarlierRecordingReplayedAsTheSameCameraStartsAfresh() {
        for (int i = 0; i < 20; i++) frame(100_000 + i * 200L, person(100, 0.7));
        // the same footage replayed again: times go back to the start
        for (int i = 0; i < 20; i++) frame(100_000 + i * 200L, person(100, 0.7));
        assertThat(events).extracting(Alert::type).containsExactly("new", "end", "new");
        assertThat(events.get(1).id()).isEqualTo(events.get(0).id());
        assertThat(events.get(2).id()).isNotEqualTo(events.get(0).id());
    }

    @Test
    void aLabelDoesNotMatchAnotherLabel() {
        for (int i = 0; i < 3; i++) {
            frame(i * 200L, person(100, 0.7), new Observation("dog", 0.7, new double[] {100, 100, 140, 200}, List.of()));
        }
        assertThat(events).extracting(Alert::label).containsExactlyInAnyOrder("person", "dog");
    }
}
