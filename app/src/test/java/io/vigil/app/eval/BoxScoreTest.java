package io.vigil.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Detection recall/precision and IDF1 on small cases computed by hand. */
class BoxScoreTest {
    private static BoxScore.Box box(String id, double x1, double y1, double x2, double y2) {
        return new BoxScore.Box(id, new double[] {x1, y1, x2, y2});
    }

    /** A 10×10 box at x, for people walking along a line. */
    private static BoxScore.Box at(String id, double x) {
        return box(id, x, 0, x + 10, 10);
    }

    @Test
    void twoPeopleTrackedThroughoutScoreOne() {
        BoxScore s = new BoxScore(0.5);
        for (int f = 0; f < 3; f++) {
            s.add(List.of(at("a", 10 * f), at("b", 100)), List.of(at("x", 10 * f + 1), at("y", 100)));
        }
        assertThat(s.frames()).isEqualTo(3);
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.precision()).isEqualTo(1.0);
        assertThat(s.idf1()).isEqualTo(1.0);
    }

    @Test
    void aMissAndAFalseBoxInOneFrame() {
        BoxScore s = new BoxScore(0.5);
        s.add(List.of(at("a", 0), at("b", 20)), List.of(at("x", 0), at("y", 50)));
        assertThat(s.matched()).isEqualTo(1);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.precision()).isEqualTo(0.5);
        // IDTP 1 of 2 + 2 boxes
        assertThat(s.idf1()).isEqualTo(0.5);
    }

    @Test
    void iouOfExactlyTheThresholdCountsAndJustUnderDoesNot() {
        BoxScore s = new BoxScore(0.5);
        s.add(List.of(box("a", 0, 0, 10, 10)), List.of(box("x", 0, 0, 10, 20))); // 100 / 200
        s.add(List.of(box("a", 0, 0, 10, 10)), List.of(box("x", 0, 0, 10, 21))); // 100 / 210
        assertThat(s.matched()).isEqualTo(1);
        assertThat(s.recall()).isEqualTo(0.5);
    }

    @Test
    void eachFrameMatchesAsManyPairsAsCanBeNotTheGreedyBestFirst() {
        // IoU: a-x 0.905, b-x 0.6, a-y 0.538, b-y 0.25. Best first takes a-x and leaves b alone; one to one gives a-y, b-x.
        BoxScore s = new BoxScore(0.5);
        s.add(List.of(box("a", 0, 0, 10, 10), box("b", 3, 0, 13, 10)),
                List.of(box("x", 0.5, 0, 10.5, 10), box("y", -3, 0, 7, 10)));
        assertThat(s.matched()).isEqualTo(2);
        assertThat(s.recall()).isEqualTo(1.0);
    }

    @Test
    void tracksThatSwapIdsWhereTwoPeopleCrossAreFoundInEveryFrameButScoreBelowOneInIdf1() {
        // a walks right, b walks left; they cross at frame 4, and from frame 6 on the tracks follow the other person
        BoxScore s = new BoxScore(0.5);
        for (int f = 0; f < 8; f++) {
            BoxScore.Box a = at("a", 10 * f), b = at("b", 70 - 10 * f);
            boolean swapped = f >= 6;
            s.add(List.of(a, b), List.of(at(swapped ? "y" : "x", 10 * f), at(swapped ? "x" : "y", 70 - 10 * f)));
        }
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.precision()).isEqualTo(1.0);
        // best assignment a-x, b-y: 6 + 6 frames; 16 ground-truth and 16 tracked boxes
        assertThat(s.identityTruePositives()).isEqualTo(12);
        assertThat(s.idf1()).isEqualTo(24.0 / 32);
    }

    @Test
    void aTrackThatChangesIdHalfWayIsCountedOnceInIdf1() {
        BoxScore s = new BoxScore(0.5);
        for (int f = 0; f < 10; f++) s.add(List.of(at("a", 5 * f)), List.of(at(f < 3 ? "x" : "z", 5 * f)));
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.identityTruePositives()).isEqualTo(7);
        assertThat(s.idf1()).isCloseTo(14.0 / 20, within(1e-12));
    }

    @Test
    void oneTrackFollowingTwoPeopleOneAfterTheOtherGetsOnlyOneOfThem() {
        BoxScore s = new BoxScore(0.5);
        List<BoxScore.Box> none = new ArrayList<>();
        for (int f = 0; f < 4; f++) s.add(List.of(at("a", 0)), List.of(at("x", 0)));
        for (int f = 0; f < 6; f++) s.add(List.of(at("b", 50)), List.of(at("x", 50)));
        s.add(none, none);
        assertThat(s.frames()).isEqualTo(11);
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.identityTruePositives()).isEqualTo(6);
        assertThat(s.idf1()).isEqualTo(12.0 / 20);
    }

    @Test
    void falseBoxesOnEmptyFramesLowerPrecisionOnly() {
        BoxScore s = new BoxScore(0.5);
        s.add(List.of(), List.of(at("x", 0)));
        s.add(List.of(at("a", 0)), List.of(at("x", 0)));
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.idf1()).isEqualTo(2.0 / 3);
    }
}
