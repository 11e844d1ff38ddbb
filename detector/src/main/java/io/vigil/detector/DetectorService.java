package io.vigil.detector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.vigil.common.Topics;
import io.vigil.vision.ObjectDetector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The detector as a running Kafka Streams application. */
public final class DetectorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorService.class);

    private final KafkaStreams streams;
    private final DetectorStats stats;
    private final KafkaStreamsMetrics streamsMetrics;

    /**
     * @param kafka           client settings (bootstrap.servers and the config's kafka.properties)
     * @param applicationId   the Streams application id (instances with the same id share the work)
     * @param stateDir        where the RocksDB state stores live
     * @param standbyReplicas 0 on a single node, 1 in a cluster so another instance takes over at once
     * @param replication     replication factor of the changelog topics
     * @param endpoint        this instance's host:port for interactive queries (application.server), or null
     * @param metrics         where the detector's and Kafka Streams' metrics go
     */
    public DetectorService(Map<String, Object> kafka, String applicationId, Path stateDir, int standbyReplicas,
                           int replication, DetectorSettings settings, ObjectDetector detector,
                           String endpoint, MeterRegistry metrics) {
        this.stats = new DetectorStats(metrics);
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replication);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true); // Kafka 5's default
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 20);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), Topics.FRAMES_MAX_MESSAGE_BYTES);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.FRAMES_MAX_MESSAGE_BYTES);
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        if (endpoint != null) p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
        streams = new KafkaStreams(DetectorTopology.build(settings, detector, stats), p);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        streams.setStateListener((now, before) -> LOG.info("Detector {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Detector stream thread failed, replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public DetectorService start() {
        streams.start();
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public DetectorStats stats() {
        return stats;
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
    }
}
