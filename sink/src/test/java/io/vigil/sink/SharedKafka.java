package io.vigil.sink;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;

/** One real embedded Kafka broker for all sink tests in this JVM, stopped when the JVM exits. */
final class SharedKafka {
    private static EmbeddedKafka kafka;

    private SharedKafka() {}

    static synchronized EmbeddedKafka get() {
        if (kafka == null) {
            kafka = TestKitCluster.start(1);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }
}
