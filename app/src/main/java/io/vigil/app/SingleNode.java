package io.vigil.app;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import io.vigil.sink.SinkService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node mode's services in this JVM: an embedded broker with its data in the data directory,
 * the detector and the sink (SQLite there too). Used by {@code vigil up} and the benchmarks.
 */
public final class SingleNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleNode.class);

    public final VigilConfig config;
    public final Path dataDir;
    public final EmbeddedKafka broker;
    public final ServiceFactory.Detector detector;
    public final SinkService sink;

    private SingleNode(VigilConfig config, Path dataDir, EmbeddedKafka broker, ServiceFactory.Detector detector, SinkService sink) {
        this.config = config;
        this.dataDir = dataDir;
        this.broker = broker;
        this.detector = detector;
        this.sink = sink;
    }

    /** Starts the broker, creates the topics, starts the detector and the sink; the config gets the broker's address. */
    public static SingleNode start(VigilConfig cfg, int kafkaPort, int httpPort) throws IOException {
        Path data = Path.of(cfg.dataDir).toAbsolutePath();
        Files.createDirectories(data);
        EmbeddedKafka broker = EmbeddedKafka.singleNode(data.resolve("kafka"), kafkaPort);
        ServiceFactory.Detector detector = null;
        try {
            cfg.kafka.bootstrapServers = broker.bootstrapServers();
            cfg.kafka.replicationFactor = 1;
            cfg.detector.standbyReplicas = 0;
            cfg.detector.httpPort = 0; // in one JVM, interactive queries need no fixed port
            TopicSetup.ensure(cfg.kafka);
            detector = ServiceFactory.detector(cfg, data.resolve("state"), "127.0.0.1");
            linkModelCache(data, ConfigMapping.model(cfg).cacheDir());
            SinkService sink = new SinkService(ConfigMapping.sink(cfg, httpPort)).recordings(ConfigMapping.recordings(cfg)).start();
            return new SingleNode(cfg, data, broker, detector, sink);
        } catch (RuntimeException e) {
            if (detector != null) detector.close();
            broker.close();
            throw e;
        }
    }

    /** Waits until the detector has processed every frame on the topic and the sink has stored every alert. */
    public void awaitProcessed(Duration limit) throws InterruptedException {
        if (!GroupLag.awaitZero(ConfigMapping.kafka(config), config.detector.applicationId, Topics.FRAMES, limit)) {
            throw new IllegalStateException("the detector did not finish the frames within " + limit);
        }
        if (!sink.awaitCaughtUp(limit)) throw new IllegalStateException("the sink did not store the alerts within " + limit);
    }

    private static void linkModelCache(Path data, Path cache) {
        Path link = data.resolve("models");
        try {
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, cache.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("No model cache link in {}: {}", data, e.toString());
        }
    }

    @Override
    public void close() {
        sink.close();
        detector.close();
        broker.close();
    }
}
