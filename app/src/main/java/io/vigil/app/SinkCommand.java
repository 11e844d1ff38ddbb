package io.vigil.app;

import io.vigil.common.TopicSetup;
import io.vigil.common.config.VigilConfig;
import io.vigil.sink.SinkService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sink", description = "Run the sink: store alerts in the database and serve the API and web page.")
final class SinkCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--http-port", description = "HTTP port (default: sink.http_port of the config, 8080).")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = config.load();
        TopicSetup.ensure(cfg.kafka);
        // a service of the distributed deployment (in a container): every interface unless the config says otherwise
        String host = cfg.sink.httpHost != null ? cfg.sink.httpHost : "0.0.0.0";
        SinkService sink = new SinkService(ConfigMapping.sink(cfg, httpPort != null ? httpPort : cfg.sink.httpPort, host))
                .recordings(ConfigMapping.recordings(cfg)).start();
        System.out.println("Sink: http://" + host + ":" + sink.port() + "/");
        return RunUntilStopped.run(sink);
    }
}
