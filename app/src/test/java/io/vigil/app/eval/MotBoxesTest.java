package io.vigil.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MotBoxesTest {
    @Test
    void readsMotChallengeRowsAsCornerBoxesPerFrame() {
        MotBoxes gt = MotBoxes.parse(List.of(
                "1,1,912,484,97,109,0,7,1",          // MOT17: not to be considered
                "1,2,1338,418,167,379,1,1,1",        // pedestrian
                "1,3,586,447,85,263,1,2,1",          // person on vehicle: another class
                "2,2,1342.5,417,168,380,1,1,0.86",
                "",
                "# a comment",
                "3,7,10,20,30,40,1,-1,-1,-1",        // MOT15: x, y, z unset
                "3, 8, 1, 2, 3, 4"), "gt.txt");       // only the six columns, spaces allowed
        assertThat(gt.frame(1)).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo("2");
            assertThat(b.box()).containsExactly(1338, 418, 1505, 797);
        });
        assertThat(gt.frame(2)).extracting(MotBoxes.Box::id).containsExactly("2");
        assertThat(gt.frame(2).get(0).box()).containsExactly(1342.5, 417, 1510.5, 797);
        assertThat(gt.frame(3)).extracting(MotBoxes.Box::id).containsExactly("7", "8");
        assertThat(gt.frame(4)).isEmpty();
        assertThat(gt.lastFrame()).isEqualTo(3);
        assertThat(gt.size()).isEqualTo(4);
    }

    @Test
    void aMalformedRowIsAnErrorNamingTheFileLineAndField() {
        assertThatThrownBy(() -> MotBoxes.parse(List.of("1,1,1,1,5,5", "2,1,x,1,5,5"), "walk/gt.txt"))
                .hasMessageContaining("walk/gt.txt line 2").hasMessageContaining("x is not a number");
        assertThatThrownBy(() -> MotBoxes.parse(List.of("0,1,1,1,5,5"), "gt.txt"))
                .hasMessageContaining("line 1").hasMessageContaining("frame must be a whole number from 1");
        assertThatThrownBy(() -> MotBoxes.parse(List.of("1,1,1,1,5"), "gt.txt"))
                .hasMessageContaining("expected frame,id,x,y,w,h");
        assertThatThrownBy(() -> MotBoxes.parse(List.of("1,1,1,1,0,5"), "gt.txt")).hasMessageContaining("w and h must be > 0");
    }
}
