package io.vigil.app;

import io.vigil.common.TopicSetup;
import io.vigil.common.config.VigilConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.ingest.CameraSettings;
import io.vigil.ingest.IngestHttp;
import io.vigil.ingest.IngestService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", description = "Run ingest for the cameras of the config (and --camera ID=URL).")
final class IngestCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--camera", paramLabel = "ID=URL", description = "Add a camera (repeatable).")
    List<String> cameras = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = config.load();
        cameras.forEach(c -> cfg.cameras.add(ServiceFactory.camera(c)));
        var enabled = ServiceFactory.cameras(cfg).stream().filter(CameraSettings::enabled).toList();
        if (enabled.isEmpty()) throw new IllegalArgumentException("no enabled cameras: list them under cameras: in the config or use --camera ID=URL");
        TopicSetup.ensure(cfg.kafka);
        IngestService ingest = ServiceFactory.ingest(cfg, enabled);
        IngestHttp http = new IngestHttp(ingest, enabled, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .start(cfg.ingest.httpPort);
        return RunUntilStopped.run(() -> {
            http.close();
            ingest.close();
        });
    }
}
