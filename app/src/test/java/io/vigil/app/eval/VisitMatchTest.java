package io.vigil.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisitMatchTest {
    @TempDir Path dir;

    @Test
    void oneAlertFindsAtMostOneVisitAndTheBestPairsWin() {
        Visit a = new Visit("A", 0, 10), b = new Visit("B", 2, 12);
        Span merged = new Span("m", 0, 11); // tIoU 10/11 with A, 9/12 with B
        Span late = new Span("l", 3, 12);   // tIoU 9/10 with B
        VisitMatch m = VisitMatch.of(List.of(a, b), List.of(merged, late), 0.5);
        assertThat(m.found()).isEqualTo(2);
        assertThat(m.pairs()).extracting(p -> p.visit().id() + "=" + p.alert().id()).containsExactly("A=m", "B=l");
        assertThat(m.extra()).isEmpty();
    }

    @Test
    void fragmentsBelowTheThresholdFindNothingAndAreExtra() {
        Visit a = new Visit("A", 0, 20);
        List<Span> fragments = List.of(new Span("1", 0, 6), new Span("2", 7, 13), new Span("3", 14, 20));
        VisitMatch m = VisitMatch.of(List.of(a), fragments, 0.5);
        assertThat(m.found()).isZero();
        assertThat(m.missed()).containsExactly(a);
        assertThat(m.extra()).hasSize(3);
        assertThat(m.alertsPerVisit()).isEqualTo(3.0);
    }

    @Test
    void twoVisitsOfTheSamePersonWithEqualTimesAreCountedApart() {
        Visit a1 = new Visit("A", 0, 10), a2 = new Visit("A", 0, 10);
        VisitMatch m = VisitMatch.of(List.of(a1, a2), List.of(new Span("x", 0, 10)), 0.5);
        assertThat(m.found()).isEqualTo(1);
        assertThat(m.missed()).hasSize(1);
    }

    @Test
    void readsTheVisitFileAndNamesTheLineOfABadRow() throws Exception {
        Path ok = dir.resolve("v.tsv");
        Files.writeString(ok, "id\tstart_s\tend_s\tenters\nA\t0.0\t21.0\tstart\nB\t22.6\t40.3\tright\n");
        assertThat(Visit.read(ok)).containsExactly(new Visit("A", 0, 21), new Visit("B", 22.6, 40.3));
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "id\tstart_s\tend_s\nA\t0.0\tsoon\n");
        assertThatThrownBy(() -> Visit.read(bad)).hasMessageContaining("bad.tsv line 2");
    }
}
