package io.vigil.app;

import io.vigil.common.TopicSetup;
import io.vigil.common.config.VigilConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.ingest.IngestHttp;
import io.vigil.ingest.IngestService;
import io.vigil.sink.SinkService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The distributed deployment: one service per process, all reading the same vigil.yml. */
final class ServiceCommands {
    private ServiceCommands() {}

    /** Blocks until the JVM is asked to stop, then closes the service before it exits. */
    static int runUntilStopped(AutoCloseable service) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            } finally {
                closed.countDown();
            }
        }));
        closed.await();
        return 0;
    }
}

@Command(name = "ingest", description = "Run ingest for the cameras of the config (and --camera ID=URL).")
final class IngestCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--camera", paramLabel = "ID=URL", description = "Add a camera (repeatable).")
    java.util.List<String> cameras = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = config.load();
        cameras.forEach(c -> cfg.cameras.add(Services.camera(c)));
        var enabled = Services.cameras(cfg).stream().filter(io.vigil.ingest.CameraConfig::enabled).toList();
        if (enabled.isEmpty()) throw new IllegalArgumentException("no enabled cameras: list them under cameras: in the config or use --camera ID=URL");
        TopicSetup.ensure(Services.kafka(cfg), cfg.kafka.partitions, (short) cfg.kafka.replicationFactor);
        IngestService ingest = Services.ingest(cfg, enabled);
        IngestHttp http = new IngestHttp(ingest, enabled, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .start(cfg.ingest.httpPort);
        return ServiceCommands.runUntilStopped(() -> {
            http.close();
            ingest.close();
        });
    }
}

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
        TopicSetup.ensure(Services.kafka(cfg), cfg.kafka.partitions, (short) cfg.kafka.replicationFactor);
        Path dir = stateDir != null ? stateDir : Path.of(cfg.dataDir, "state");
        return ServiceCommands.runUntilStopped(Services.detector(cfg, dir, host));
    }
}

@Command(name = "sink", description = "Run the sink: store alerts in the database and serve the API and web page.")
final class SinkCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--http-port", description = "HTTP port (default: sink.http_port of the config, 8080).")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = config.load();
        TopicSetup.ensure(Services.kafka(cfg), cfg.kafka.partitions, (short) cfg.kafka.replicationFactor);
        SinkService sink = new SinkService(Services.sink(cfg, httpPort != null ? httpPort : cfg.sink.httpPort))
                .recordings(Services.recordings(cfg)).start();
        System.out.println("Sink: http://0.0.0.0:" + sink.port() + "/");
        return ServiceCommands.runUntilStopped(sink);
    }
}
