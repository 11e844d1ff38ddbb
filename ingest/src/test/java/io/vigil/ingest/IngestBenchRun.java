package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link IngestBench} against a real embedded broker. A benchmark, not a test: only with
 * {@code mvn -pl ingest test -Dtest=IngestBenchRun -Dvigil.bench=true [-Dvigil.bench.seconds=40]}.
 */
@EnabledIfSystemProperty(named = "vigil.bench", matches = "true")
class IngestBenchRun {
    @Test
    void bench() throws Exception {
        double seconds = Double.parseDouble(System.getProperty("vigil.bench.seconds", "0"));
        try (EmbeddedKafka kafka = TestKitCluster.start(1)) {
            List<IngestBench.Result> results = IngestBench.run(Footage.SAMPLE, List.of(720, 1080), seconds,
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), System.out);
            assertThat(results).hasSize(2).allSatisfy(r -> {
                assertThat(r.framesPublished()).isEqualTo((r.frames() + 1) / 2); // 10 fps sampled to 5
                assertThat(r.ratio()).isPositive();
            });
        }
    }
}
