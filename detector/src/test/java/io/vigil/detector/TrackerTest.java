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
        frame(0, person(10, 0.75));
        frame(200, person(12, 0.75));
        frame(400, person(14, 0.75));
        frame(600, person(16, 0.75, "door"));
        frame(800, person(18, 0.85, "door"));
        assertThat(events).extracting(Alert::type).containsExactly("new", "update", "update");
        assertThat(events.get(1).zones()).containsExactly("door");
        assertThat(events.get(2).topScore()).isEqualTo(0.85);
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

    private void frame(long t, List<Observation> strong, List<Observation> weak) {
        for (Tracker.Event e : tracker.update(tracks, strong, weak, t, 640, 480)) events.add(e.alert());
    }

    private static Observation at(double x, double y, double score) {
        return new Observation("person", score, new double[] {x, y, x + 30, y + 80}, List.of());
    }

    private TrackedObject track(String id) {
        return tracks.objects.stream().filter(o -> o.id.equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aPartlyHiddenPersonScoringLowKeepsTheAlertAndALowScoreAloneStartsNothing() {
        for (int i = 0; i < 10; i++) frame(i * 200L, List.of(at(100 + i * 6, 200, 0.75)), List.of());
        // behind a sign: the detector sees only part of them, below the min score
        for (int i = 10; i < 25; i++) frame(i * 200L, List.of(), List.of(at(100 + i * 6, 200, 0.38)));
        for (int i = 25; i < 35; i++) frame(i * 200L, List.of(at(100 + i * 6, 200, 0.75)), List.of());
        // elsewhere, something scoring low all along
        for (int i = 35; i < 60; i++) frame(i * 200L, List.of(), List.of(at(500, 50, 0.4)));
        assertThat(events).extracting(Alert::type).containsExactly("new");
        assertThat(tracks.objects).hasSize(1);
    }

    @Test
    void aPersonHiddenForTwoSecondsIsReFoundWhereTheyWereHeading() {
        for (int i = 0; i < 10; i++) frame(i * 200L, List.of(at(100 + i * 8, 200, 0.8)), List.of());
        for (int i = 10; i < 20; i++) frame(i * 200L, List.of(), List.of()); // fully behind a van
        for (int i = 20; i < 30; i++) frame(i * 200L, List.of(at(100 + i * 8, 200, 0.8)), List.of());
        assertThat(events).extracting(Alert::type).containsExactly("new");
        assertThat(track(events.get(0).id()).box[0]).isCloseTo(100 + 29 * 8, org.assertj.core.data.Offset.offset(10.0));
    }

    @Test
    void aClearDetectionNearALostTrackWinsOverAFaintBoxWhereItWasPredicted() {
        // walking left; then someone passing in front hides them for a moment: the detector's box of them jumps
        // 35 px off the predicted place, while a faint box of the passer-by lies right on it (the sample at 73 s)
        for (int i = 0; i < 10; i++) frame(i * 200L, List.of(at(400 - i * 6, 200, 0.8)), List.of());
        for (int i = 10; i < 20; i++) {
            frame(i * 200L, List.of(at(375 - (i - 10) * 6, 200, 0.8)), List.of(at(340 - (i - 10) * 6, 200, 0.4)));
        }
        assertThat(events).extracting(Alert::type).as("one person, one alert").containsExactly("new");
        assertThat(tracks.objects).hasSize(1);
        assertThat(tracks.objects.get(0).box[0]).isCloseTo(375 - 9 * 6, org.assertj.core.data.Offset.offset(10.0));
    }

    @Test
    void twoPeopleCrossingPathsKeepTheirOwnIdentities() {
        // one walks right from x=100, the other left from x=400, at the same height; they pass at about x=250
        for (int i = 0; i < 40; i++) {
            frame(i * 200L, List.of(at(100 + i * 8, 200, 0.8), at(400 - i * 8, 205, 0.8)), List.of());
        }
        assertThat(events).extracting(Alert::type).containsExactly("new", "new");
        Alert first = events.get(0).box()[0] < events.get(1).box()[0] ? events.get(0) : events.get(1);
        Alert second = first == events.get(0) ? events.get(1) : events.get(0);
        // the one who started on the left is now on the right, and the other way round
        assertThat(track(first.id()).box[0]).isGreaterThan(350);
        assertThat(track(second.id()).box[0]).isLessThan(150);
    }

    @Test
    void someoneStandingStillNeedsTheCnnOnlyEveryIntervalFrames() {
        TrackerSettings s = TestSettings.tracker();
        frame(0, List.of(at(200, 200, 0.8)), List.of());
        assertThat(tracker.needsInference(tracks, 1)).as("tentative").isTrue();
        for (int i = 1; i < 5; i++) frame(i * 200L, List.of(at(200 + i * 10, 200, 0.8)), List.of());
        assertThat(tracker.needsInference(tracks, 1)).as("moving").isTrue();
        for (int i = 5; i < 5 + s.stationaryFrames() + 1; i++) frame(i * 200L, List.of(at(240, 200, 0.8)), List.of());
        assertThat(tracker.needsInference(tracks, 1)).as("stationary, just checked").isFalse();
        assertThat(tracker.needsInference(tracks, s.stationaryInterval())).as("stationary, due").isTrue();
        // checked only at intervals for a minute: one alert, never ended
        for (long t = 5_000; t < 65_000; t += 200L * s.stationaryInterval()) frame(t, List.of(at(240, 200, 0.8)), List.of());
        assertThat(events).extracting(Alert::type).containsExactly("new");
        assertThat(tracker.needsInference(new CameraTracks(), 1)).as("nothing tracked").isFalse();
    }

    @Test
    void someoneLeavingThroughTheEdgeIsNotTheNextOneComingInThere() {
        for (int i = 0; i < 10; i++) frame(i * 200L, List.of(at(540 + i * 8, 200, 0.8)), List.of());
        for (int i = 10; i < 20; i++) frame(i * 200L, List.of(), List.of()); // gone through the right edge
        for (int i = 20; i < 30; i++) frame(i * 200L, List.of(at(610 - (i - 20) * 8, 200, 0.8)), List.of());
        assertThat(events).extracting(Alert::type).containsExactly("new", "end", "new");
        assertThat(events.get(2).id()).isNotEqualTo(events.get(0).id());
        assertThat(events).allSatisfy(a -> assertThat(a.box()[2]).as("box inside the frame").isLessThanOrEqualTo(640));
    }

    @Test
    void aCoupleWalkingSideBySideStaysTwoAlertsEvenWhenOneIsPartlyHidden() {
        // boxes 30 px wide, 5 px apart, walking right together; the far one is half hidden (low score) for a while
        for (int i = 0; i < 40; i++) {
            Observation near = at(100 + i * 6, 200, 0.8);
            Observation far = at(135 + i * 6, 195, 0.8);
            boolean hidden = i >= 15 && i < 25;
            frame(i * 200L, hidden ? List.of(near) : List.of(near, far), hidden ? List.of(at(135 + i * 6, 195, 0.4)) : List.of());
        }
        assertThat(events).extracting(Alert::type).containsExactly("new", "new");
        assertThat(tracks.objects).hasSize(2);
        assertThat(tracks.objects).allSatisfy(o -> assertThat(o.hits).as("seen in every frame").isEqualTo(40));
    }

    @Test
    void theRegionsGoWhereMovingObjectsArePredictedAndNotToAStationaryOneUntilItIsDue() {
        TrackerSettings s = TestSettings.tracker();
        for (int i = 0; i < 10; i++) frame(i * 200L, List.of(at(100 + i * 10, 200, 0.8)), List.of());
        List<Regions.Look> look = tracker.toLookAt(tracks, 2_000, 1);
        assertThat(look).hasSize(1);
        assertThat(look.get(0).box()[0]).as("ahead of the last box, where it is heading").isGreaterThan(195);
        assertThat(tracker.toLookAt(tracks, 2_000 + Tracker.LOOK_AFTER_LOST_MILLIS + 200, 1)).as("lost: motion will tell").isEmpty();

        CameraTracks still = new CameraTracks();
        for (int i = 0; i < s.stationaryFrames() + 5; i++) tracker.update(still, List.of(at(300, 200, 0.8)), i * 200L, 640, 480);
        long now = (s.stationaryFrames() + 5) * 200L;
        assertThat(tracker.toLookAt(still, now, 1)).as("stationary, just checked").isEmpty();
        assertThat(tracker.toLookAt(still, now, s.stationaryInterval())).as("stationary, due").hasSize(1);
    }
}
