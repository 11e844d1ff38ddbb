package io.vigil.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined KRaft broker+controller on 127.0.0.1 whose log directory persists across restarts.
 * Replication factors are 1 everywhere (including the internal offsets and transaction topics), so
 * consumer groups and exactly-once transactions work on this one node.
 */
final class SingleNodeKafka implements EmbeddedKafka {
    private static final Logger log = LoggerFactory.getLogger(SingleNodeKafka.class);
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SingleNodeKafka(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    static SingleNodeKafka start(Path dataDir, int port) {
        long started = System.nanoTime();
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        KafkaConfig config = KafkaConfig.fromProps(properties(dataDir, brokerPort, controllerPort), false);
        boolean formatted = formatIfNew(dataDir, config);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IllegalStateException("Kafka broker in " + dataDir + " failed to start on port " + brokerPort
                    + ": " + e.getMessage(), e);
        }
        String bootstrap = HOST + ":" + brokerPort;
        log.info("Kafka broker started at {} with data in {} ({}) in {} ms", bootstrap, dataDir,
                formatted ? "new storage" : "existing storage", (System.nanoTime() - started) / 1_000_000);
        return new SingleNodeKafka(server, bootstrap, dataDir);
    }

    private static Properties properties(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** Formats the storage unless the directory already holds a formatted log; returns whether it formatted. */
    private static boolean formatIfNew(Path dataDir, KafkaConfig config) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return false;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker at {} stopped (data kept in {})", bootstrapServers, dataDir);
    }
}
