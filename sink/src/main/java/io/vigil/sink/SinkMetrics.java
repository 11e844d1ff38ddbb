package io.vigil.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Counters of the sink, served in Prometheus text format at {@code /metrics}. */
final class SinkMetrics {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Counter recordsStored = Counter.builder("vigil.sink.records.stored")
            .description("Consumed records stored (including redeliveries that changed nothing)").register(registry);
    final Counter alertChanges = Counter.builder("vigil.sink.alert.changes")
            .description("Alert rows created or changed").register(registry);
    final Counter poisonRecords = Counter.builder("vigil.sink.records.poison")
            .description("Records skipped because they can never be stored").register(registry);
    final Counter databaseFailures = Counter.builder("vigil.sink.database.failures")
            .description("Batch writes that failed because the database was unavailable").register(registry);

    SinkMetrics(SinkHealth health) {
        Gauge.builder("vigil.sink.database.up", health, h -> h.databaseUp() ? 1 : 0)
                .description("1 while database writes succeed").register(registry);
        Gauge.builder("vigil.sink.consumer.running", health, h -> h.consumerRunning() ? 1 : 0)
                .description("1 while the Kafka consumer loop runs").register(registry);
    }

    String scrape() {
        return registry.scrape();
    }
}
