package io.vigil.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away KRaft cluster started by Kafka's own {@link KafkaClusterTestKit}: one combined node for a
 * single broker, or one dedicated controller plus N brokers (so stopping a broker never stops the quorum).
 * Internal topics are replicated to min(3, N) brokers.
 */
public final class TestKitCluster implements EmbeddedKafka {
    private static final Logger log = LoggerFactory.getLogger(TestKitCluster.class);

    private final KafkaClusterTestKit kit;
    private final List<Integer> brokerIds;

    private TestKitCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
        this.brokerIds = new ArrayList<>(kit.brokers().keySet());
    }

    public static TestKitCluster start(int brokers) {
        return start(brokers, SecurityProtocol.PLAINTEXT);
    }

    /**
     * One broker whose client listener requires SASL/PLAIN (SASL_PLAINTEXT); clients connect with
     * {@link #saslClientSettings()} on top of {@link #clientConfig()}.
     */
    public static TestKitCluster startSaslPlain() {
        return start(1, SecurityProtocol.SASL_PLAINTEXT);
    }

    /** The client settings of the SASL/PLAIN super-user of {@link #startSaslPlain()}. */
    public static Map<String, String> saslClientSettings() {
        return Map.of("security.protocol", SecurityProtocol.SASL_PLAINTEXT.name,
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
    }

    private static TestKitCluster start(int brokers, SecurityProtocol protocol) {
        if (brokers < 1 || brokers > 5) {
            throw new IllegalArgumentException("brokers must be 1 to 5, was " + brokers);
        }
        long started = System.nanoTime();
        int replication = Math.min(3, brokers);
        int minIsr = replication >= 3 ? 2 : 1;
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(brokers == 1)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(brokers)
                .setBrokerSecurityProtocol(protocol)
                // a controller setting in KRaft (brokers only warn about it); ids 3000+ are the testkit's controllers
                .setPerServerProperties(Map.of(brokers == 1 ? 0 : 3000,
                        Map.of("default.replication.factor", String.valueOf(replication))))
                .build();
        KafkaClusterTestKit kit = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", String.valueOf(replication))
                    .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replication))
                    .setConfigProp("transaction.state.log.min.isr", String.valueOf(minIsr))
                    .setConfigProp("share.coordinator.state.topic.replication.factor", String.valueOf(replication))
                    .setConfigProp("share.coordinator.state.topic.min.isr", String.valueOf(minIsr))
                    .setConfigProp("group.initial.rebalance.delay.ms", "0");
            if (protocol == SecurityProtocol.SASL_PLAINTEXT) {
                // the controller listener stays PLAINTEXT: the node's own registration there is anonymous
                builder.setConfigProp("super.users", "User:" + JaasUtils.KAFKA_PLAIN_ADMIN + ";User:ANONYMOUS");
            }
            kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            closeQuietly(kit);
            throw new IllegalStateException("Kafka test cluster of " + brokers + " brokers failed to start: "
                    + e.getMessage(), e);
        }
        TestKitCluster cluster = new TestKitCluster(kit);
        log.info("Kafka test cluster of {} broker(s) started at {} in {} ms", brokers, cluster.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** Node ids of the brokers, in start order. */
    public List<Integer> brokerIds() {
        return List.copyOf(brokerIds);
    }

    /**
     * Shuts one broker down (a controlled shutdown: leadership moves to the others). The testkit cannot
     * restart a stopped broker, so it stays down until the cluster is closed.
     */
    public void stopBroker(int brokerId) {
        BrokerServer broker = kit.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker " + brokerId + "; brokers are " + brokerIds);
        }
        broker.shutdown();
        broker.awaitShutdown();
        log.info("Kafka test broker {} stopped", brokerId);
    }

    @Override
    public void close() {
        closeQuietly(kit);
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) return;
        try {
            kit.close();
        } catch (Exception e) {
            log.warn("Kafka test cluster did not close cleanly: {}", e.toString());
        }
    }
}
