package io.vigil.sink;

import io.vigil.common.Topics;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the sink needs to run.
 *
 * @param kafka            settings of every Kafka client of the sink: bootstrap.servers and the config's kafka.properties
 * @param jdbcUrl          database URL, e.g. {@code jdbc:postgresql://db:5432/vigil?user=vigil}; null means
 *                         SQLite in {@code dataDir/vigil.db}
 * @param dataDir          directory for the SQLite file (used only when {@code jdbcUrl} is null)
 * @param httpPort         HTTP port; 0 picks a free one
 * @param apiToken         when not null/blank, every {@code /api} request needs {@code Authorization: Bearer <token>}
 * @param retentionDays    alerts (and their snapshots) older than this are deleted; 0 keeps them forever
 * @param groupId          Kafka consumer group id
 * @param alertsTopic      topic of alert events
 * @param snapshotsTopic   topic of alert snapshots
 * @param cameraStatusTopic topic of camera status
 */
public record SinkSettings(
        Map<String, Object> kafka,
        String jdbcUrl,
        Path dataDir,
        int httpPort,
        String apiToken,
        int retentionDays,
        String groupId,
        String alertsTopic,
        String snapshotsTopic,
        String cameraStatusTopic) {

    public static final String DEFAULT_GROUP_ID = "vigil-sink";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public SinkSettings {
        if (kafka == null || kafka.get("bootstrap.servers") == null) {
            throw new IllegalArgumentException("sink: bootstrap.servers is required");
        }
        kafka = Map.copyOf(kafka);
        if (jdbcUrl == null && dataDir == null) {
            throw new IllegalArgumentException("sink: either a database URL or a data directory is required");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("sink: httpPort must be 0..65535, was " + httpPort);
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("sink: retentionDays must be >= 0, was " + retentionDays);
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("sink: groupId must not be blank");
        }
    }

    /** SQLite in {@code dataDir}, default port, no token, default retention and topics. */
    public static SinkSettings of(Map<String, Object> kafka, Path dataDir) {
        return new SinkSettings(kafka, null, dataDir, DEFAULT_HTTP_PORT, null, DEFAULT_RETENTION_DAYS,
                DEFAULT_GROUP_ID, Topics.ALERTS, Topics.SNAPSHOTS, Topics.CAMERA_STATUS);
    }

    /** The database at {@code jdbcUrl} (SQLite or PostgreSQL), default port, no token, default retention and topics. */
    public static SinkSettings ofJdbcUrl(Map<String, Object> kafka, String jdbcUrl) {
        return new SinkSettings(kafka, jdbcUrl, null, DEFAULT_HTTP_PORT, null, DEFAULT_RETENTION_DAYS,
                DEFAULT_GROUP_ID, Topics.ALERTS, Topics.SNAPSHOTS, Topics.CAMERA_STATUS);
    }

    public SinkSettings withJdbcUrl(String url) {
        return new SinkSettings(kafka, url, dataDir, httpPort, apiToken, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic);
    }

    public SinkSettings withHttpPort(int port) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, port, apiToken, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic);
    }

    public SinkSettings withApiToken(String token) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, token, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic);
    }

    public SinkSettings withRetentionDays(int days) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, days, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic);
    }

    public SinkSettings withGroupId(String group) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, retentionDays, group,
                alertsTopic, snapshotsTopic, cameraStatusTopic);
    }

    public SinkSettings withTopics(String alerts, String snapshots, String cameraStatus) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, retentionDays, groupId,
                alerts, snapshots, cameraStatus);
    }

    /** The JDBC URL actually used: the configured one, or the SQLite file in the data directory. */
    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("vigil.db").toAbsolutePath();
    }

    boolean tokenRequired() {
        return apiToken != null && !apiToken.isBlank();
    }
}
