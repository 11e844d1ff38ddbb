package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.RegionDetector.Found;
import io.vigil.detector.Regions.Look;
import io.vigil.detector.Regions.Region;
import io.vigil.vision.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The geometry of the CNN's regions on a 1280×720 frame with a 416 model, as a user's camera would have. */
class RegionsTest {
    private static final int W = 1280, H = 720;
    private final Regions regions = new Regions(416, 4, 0.5);

    private static double[] box(double x1, double y1, double x2, double y2) {
        return new double[] {x1, y1, x2, y2};
    }

    @Test
    void aSmallFarPersonGetsOneModelSizedSquareCentredOnThem() {
        Region r = regions.around(box(600, 300, 620, 340), Regions.MARGIN, W, H);
        assertThat(r).isEqualTo(new Region(402, 112, 416, 416));
    }

    @Test
    void aRegionAtTheFrameEdgeIsMovedInsideTheFrame() {
        assertThat(regions.around(box(0, 0, 30, 60), Regions.MARGIN, W, H)).isEqualTo(new Region(0, 0, 416, 416));
        assertThat(regions.around(box(1250, 680, 1280, 720), Regions.MARGIN, W, H)).isEqualTo(new Region(864, 304, 416, 416));
    }

    @Test
    void aLargeObjectGetsALargerRegionButNeverLargerThanTheFrameIsHigh() {
        Region near = regions.around(box(500, 200, 700, 450), Regions.MARGIN, W, H);
        assertThat(near.width()).isEqualTo(550).isEqualTo(near.height());
        assertThat(near.x()).isEqualTo(325);
        assertThat(near.y()).isEqualTo(50);
        Region huge = regions.around(box(100, 0, 1100, 720), Regions.MARGIN, W, H);
        assertThat(huge.height()).isEqualTo(H);
    }

    @Test
    void aPersonWhoseMotionAndTrackOverlapIsOneRegionAndTwoPeopleApartAreTwo() {
        double[] track = box(600, 300, 630, 360);
        double[] moved = box(605, 310, 640, 365);
        double[] farAway = box(100, 500, 130, 560);
        assertThat(regions.plan(List.of(new Look(track, 200)), List.of(moved), W, H)).hasSize(1);
        List<Region> two = regions.plan(List.of(new Look(track, 200)), List.of(moved, farAway), W, H);
        assertThat(two).hasSize(2);
        for (double[] b : List.of(track, moved, farAway)) {
            assertThat(two).anySatisfy(r -> assertThat(contains(r, b)).isTrue());
        }
    }

    @Test
    void regionsOverlappingByHalfAreMergedIntoOneCoveringBoth() {
        List<Region> merged = regions.merge(List.of(box(500, 300, 530, 360), box(620, 320, 650, 380)), W, H);
        assertThat(merged).hasSize(1);
        assertThat(contains(merged.get(0), box(500, 300, 650, 380))).isTrue();
    }

    @Test
    void aFrameGetsAtMostMaxRegionsWhatWaitedLongestFirstAndMotionOverMostOfItMeansTheWholeFrame() {
        List<double[]> corners = List.of(box(10, 10, 40, 70), box(1200, 10, 1230, 70), box(10, 600, 40, 660),
                box(1200, 600, 1230, 660));
        Look justSeen = new Look(box(640, 600, 670, 660), 200);
        Look unseenLong = new Look(box(640, 10, 670, 70), 1_000);
        List<Region> plan = regions.plan(List.of(justSeen, unseenLong), corners, W, H);
        assertThat(plan).hasSize(4);
        assertThat(contains(plan.get(0), unseenLong.box())).as("the stalest first").isTrue();
        assertThat(plan).noneSatisfy(r -> assertThat(contains(r, justSeen.box())).isTrue());
        assertThat(regions.plan(List.of(), List.of(box(0, 0, 1000, 500)), W, H)).containsExactly(Regions.whole(W, H));
    }

    @Test
    void aFrameNoLargerThanTheModelInputIsLookedAtWholeAndNothingToLookAtIsNoRegion() {
        assertThat(regions.plan(List.of(new Look(box(10, 10, 40, 70), 0)), List.of(), 400, 300)).containsExactly(Regions.whole(400, 300));
        assertThat(regions.plan(List.of(), List.of(), W, H)).isEmpty();
        assertThat(new Regions(416, 0, 0.5).plan(List.of(new Look(box(10, 10, 40, 70), 0)), List.of(), W, H))
                .as("regions off").containsExactly(Regions.whole(W, H));
    }

    @Test
    void aBoxTouchingAnInnerEdgeOfItsRegionWasCutButOneAtTheFrameEdgeWasNot() {
        Region r = new Region(0, 100, 416, 416);
        assertThat(r.cuts(box(380, 200, 416, 300), W, H)).as("right side, inside the frame").isTrue();
        assertThat(r.cuts(box(0, 200, 30, 300), W, H)).as("left side is the frame's edge").isFalse();
        assertThat(r.cuts(box(50, 100, 90, 200), W, H)).as("top side, inside the frame").isTrue();
        assertThat(r.toFrame(box(1, 2, 3, 4))).containsExactly(1, 102, 3, 104);
    }

    @Test
    void theSameObjectFoundInTwoRegionsIsKeptOnceAndACutBoxIsDropped() {
        Found whole = new Found(new Detection("person", 0.6, box(400, 200, 440, 300)), false);
        Found again = new Found(new Detection("person", 0.7, box(402, 201, 441, 302)), false);
        Found cut = new Found(new Detection("person", 0.9, box(400, 200, 416, 300)), true);
        Found neighbour = new Found(new Detection("person", 0.5, box(445, 200, 485, 300)), false);
        Found dog = new Found(new Detection("dog", 0.8, box(400, 200, 440, 300)), false);
        List<Detection> kept = RegionDetector.dedupe(List.of(whole, again, cut, neighbour, dog));
        assertThat(kept).extracting(Detection::score).containsExactly(0.8, 0.7, 0.5);
    }

    private static boolean contains(Region r, double[] b) {
        return b[0] >= r.x() && b[1] >= r.y() && b[2] <= r.x() + r.width() && b[3] <= r.y() + r.height();
    }
}
