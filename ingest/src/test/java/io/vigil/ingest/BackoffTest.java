package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromOneSecondToThirtyAndResets() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        long[] seconds = new long[8];
        for (int i = 0; i < seconds.length; i++) seconds[i] = backoff.next().toSeconds();
        assertThat(seconds).containsExactly(1, 2, 4, 8, 16, 30, 30, 30);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }
}
