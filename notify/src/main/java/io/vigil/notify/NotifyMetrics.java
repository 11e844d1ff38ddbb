package io.vigil.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Counters of `vigil notify` per target (mqtt, or a webhook's name), served at {@code /metrics}. */
final class NotifyMetrics {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Counter poisonRecords = Counter.builder("vigil.notify.records.poison")
            .description("Records skipped because they are not a valid alert, snapshot or camera status").register(registry);

    Counter delivered(String target) {
        return Counter.builder("vigil.notify.delivered").tag("target", target)
                .description("Alert events delivered (MQTT: acknowledged by the broker; webhook: answered 2xx)").register(registry);
    }

    Counter retried(String target) {
        return Counter.builder("vigil.notify.retried").tag("target", target)
                .description("Delivery attempts repeated after a failure (MQTT: any message)").register(registry);
    }

    Counter deadLettered(String target) {
        return Counter.builder("vigil.notify.dead_lettered").tag("target", target)
                .description("Events given up on and written to the dead-letter topic").register(registry);
    }
}
