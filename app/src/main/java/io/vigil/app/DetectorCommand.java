package io.vigil.app;

import io.vigil.common.TopicSetup;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "detector", description = "Run a detector instance (Kafka Streams; start several for fail-over).")
final class DetectorCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the state stores live (default: DATA_DIR/state).")
    Path stateDir;

    @Option(names = "--advertised-host", defaultValue = "127.0.0.1", description = "Host other instances reach this one's HTTP port at.")
    String host;

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = config.load();
        TopicSetup.ensure(cfg.kafka);
        Path dir = stateDir != null ? stateDir : Path.of(cfg.dataDir, "state");
        return RunUntilStopped.run(ServiceFactory.detector(cfg, dir, host));
    }
}
