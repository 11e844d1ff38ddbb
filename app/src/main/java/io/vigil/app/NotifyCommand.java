package io.vigil.app;

import io.vigil.common.TopicSetup;
import io.vigil.common.config.VigilConfig;
import io.vigil.notify.NotifyService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "notify", description = "Send alert events to MQTT (Home Assistant discovery) and webhooks, as the notify: section of the config says.")
final class NotifyCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--http-port", description = "Port of /health and /metrics (default: notify.http_port of the config, 8083).")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = config.load();
        if (!cfg.notify.enabled()) {
            throw new IllegalArgumentException("nothing to notify: set notify.mqtt.url or notify.webhooks in the config");
        }
        if (httpPort != null) cfg.notify.httpPort = httpPort;
        TopicSetup.ensure(ServiceFactory.kafka(cfg), cfg.kafka.partitions, (short) cfg.kafka.replicationFactor);
        NotifyService notify = ServiceFactory.notify(cfg);
        System.out.println("Notify: http://0.0.0.0:" + notify.port() + "/health");
        return RunUntilStopped.run(notify);
    }
}
