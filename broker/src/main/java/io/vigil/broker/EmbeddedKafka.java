package io.vigil.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * A real Apache Kafka broker (KRaft mode) running inside this JVM.
 *
 * <ul>
 *   <li>{@link #singleNode(Path, int)}: one combined broker+controller whose data lives in a directory and
 *       survives a restart, for {@code vigil up}.</li>
 *   <li>{@code TestKitCluster.start(int)} in this module's test-jar: 1 or 3 brokers started by Kafka's own
 *       {@code KafkaClusterTestKit}, in a temporary directory that is deleted on close, for tests.</li>
 * </ul>
 *
 * <p>Kafka's server logs at INFO are chatty (hundreds of lines at start-up). Applications using Logback
 * should set the loggers {@code kafka}, {@code org.apache.kafka} and {@code state.change.logger} to WARN.
 */
public interface EmbeddedKafka extends AutoCloseable {

    /**
     * Starts one combined broker+controller on 127.0.0.1 with its data in {@code dataDir}. The storage is
     * formatted on first start only, so topics and records survive a restart on the same directory.
     *
     * @param port the client port; 0 picks a free one
     */
    static EmbeddedKafka singleNode(Path dataDir, int port) {
        return SingleNodeKafka.start(dataDir, port);
    }

    /** host:port list for clients' {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Settings for a Kafka client of this broker: {@code bootstrap.servers}. */
    default Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /** Stops the broker(s). */
    @Override
    void close();
}
