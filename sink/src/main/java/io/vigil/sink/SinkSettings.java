package io.vigil.sink;

import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
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
 * @param httpHost         interface the HTTP API listens on (127.0.0.1 by default; 0.0.0.0 for every interface)
 * @param databaseLogin    database user and password, passed to the driver as they are (not in the URL); may be null
 * @param snapshotsMaxBytes disk cap of all snapshots together: beyond it the oldest snapshots are deleted (alerts stay)
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
        String cameraStatusTopic,
        String httpHost,
        DatabaseLogin databaseLogin,
        long snapshotsMaxBytes) {

    /** The config schema's sink defaults (declared once, in {@link VigilConfig.Sink}). */
    private static final VigilConfig.Sink DEFAULTS = new VigilConfig.Sink();
    public static final String DEFAULT_GROUP_ID = DEFAULTS.groupId;
    public static final int DEFAULT_HTTP_PORT = DEFAULTS.httpPort;
    public static final int DEFAULT_RETENTION_DAYS = DEFAULTS.retentionDays;
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    public static final long DEFAULT_SNAPSHOTS_MAX_BYTES = DEFAULTS.snapshotsMaxMb << 20;

    /** A database user and password; {@link #toString} hides the password. */
    public record DatabaseLogin(String user, String password) {
        @Override
        public String toString() {
            return "DatabaseLogin[user=" + user + ", password=" + (password == null ? "none" : io.vigil.common.Redaction.HIDDEN) + "]";
        }
    }

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
        if (apiToken != null && apiToken.isBlank()) {
            throw new IllegalArgumentException("sink: api_token is blank; remove it to switch the token off, or set a real one");
        }
        if (httpHost == null || httpHost.isBlank()) httpHost = DEFAULT_HTTP_HOST;
        if (snapshotsMaxBytes <= 0) snapshotsMaxBytes = DEFAULT_SNAPSHOTS_MAX_BYTES;
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("sink: groupId must not be blank");
        }
    }

    /** SQLite in {@code dataDir}, default port, no token, default retention and topics. */
    public static SinkSettings of(Map<String, Object> kafka, Path dataDir) {
        return new SinkSettings(kafka, null, dataDir, DEFAULT_HTTP_PORT, null, DEFAULT_RETENTION_DAYS,
                DEFAULT_GROUP_ID, Topics.ALERTS, Topics.SNAPSHOTS, Topics.CAMERA_STATUS, DEFAULT_HTTP_HOST, null, DEFAULT_SNAPSHOTS_MAX_BYTES);
    }

    /** The database at {@code jdbcUrl} (SQLite or PostgreSQL), default port, no token, default retention and topics. */
    public static SinkSettings ofJdbcUrl(Map<String, Object> kafka, String jdbcUrl) {
        return new SinkSettings(kafka, jdbcUrl, null, DEFAULT_HTTP_PORT, null, DEFAULT_RETENTION_DAYS,
                DEFAULT_GROUP_ID, Topics.ALERTS, Topics.SNAPSHOTS, Topics.CAMERA_STATUS, DEFAULT_HTTP_HOST, null, DEFAULT_SNAPSHOTS_MAX_BYTES);
    }

    public SinkSettings withJdbcUrl(String url) {
        return new SinkSettings(kafka, url, dataDir, httpPort, apiToken, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic, httpHost, databaseLogin, snapshotsMaxBytes);
    }

    public SinkSettings withHttpPort(int port) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, port, apiToken, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic, httpHost, databaseLogin, snapshotsMaxBytes);
    }

    public SinkSettings withApiToken(String token) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, token, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic, httpHost, databaseLogin, snapshotsMaxBytes);
    }

    public SinkSettings withRetentionDays(int days) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, days, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic, httpHost, databaseLogin, snapshotsMaxBytes);
    }

    public SinkSettings withGroupId(String group) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, retentionDays, group,
                alertsTopic, snapshotsTopic, cameraStatusTopic, httpHost, databaseLogin, snapshotsMaxBytes);
    }

    public SinkSettings withTopics(String alerts, String snapshots, String cameraStatus) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, retentionDays, groupId,
                alerts, snapshots, cameraStatus, httpHost, databaseLogin, snapshotsMaxBytes);
    }

    public SinkSettings withHttpHost(String host) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic, host, databaseLogin, snapshotsMaxBytes);
    }

    public SinkSettings withSnapshotsMaxBytes(long bytes) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic, httpHost, databaseLogin, bytes);
    }

    public SinkSettings withDatabaseLogin(String user, String password) {
        return new SinkSettings(kafka, jdbcUrl, dataDir, httpPort, apiToken, retentionDays, groupId,
                alertsTopic, snapshotsTopic, cameraStatusTopic, httpHost, user == null ? null : new DatabaseLogin(user, password), snapshotsMaxBytes);
    }

    /** Without the token, the password or the URL's secrets. */
    @Override
    public String toString() {
        return "SinkSettings[bootstrap.servers=" + kafka.get("bootstrap.servers") + ", jdbcUrl=" + io.vigil.common.Redaction.url(jdbcUrl)
                + ", dataDir=" + dataDir + ", http=" + httpHost + ":" + httpPort + ", apiToken="
                + (tokenRequired() ? io.vigil.common.Redaction.HIDDEN : "none") + ", retentionDays=" + retentionDays
                + ", groupId=" + groupId + ", topics=" + alertsTopic + "," + snapshotsTopic + "," + cameraStatusTopic
                + ", databaseLogin=" + databaseLogin + "]";
    }

    /** The JDBC URL actually used: the configured one, or the SQLite file in the data directory. */
    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("vigil.db").toAbsolutePath();
    }

    /** Error text (of the JDBC driver, Kafka, ...) without the database URL's secrets, the password or the token. */
    public String redact(String text) {
        String out = io.vigil.common.Redaction.text(text, effectiveJdbcUrl());
        return io.vigil.common.Redaction.hide(out, databaseLogin == null ? null : databaseLogin.password(), apiToken);
    }

    boolean tokenRequired() {
        return apiToken != null && !apiToken.isBlank();
    }
}
