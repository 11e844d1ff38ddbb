package io.vigil.common.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code notify:} section of {@code vigil.yml}: where `vigil notify` (also inside `vigil up`) sends alert
 * events: an MQTT broker (with Home Assistant discovery) and/or webhooks. Nothing is sent when neither is set.
 */
public class NotifyConfig {
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final Set<String> TYPES = Set.of("new", "update", "end");

    public Mqtt mqtt = new Mqtt();
    public List<Webhook> webhooks = new ArrayList<>();
    /** /health and /metrics of `vigil notify`. */
    public int httpPort = 8083;
    public String groupId = "vigil-notify";

    public static class Mqtt {
        /** tcp://host:1883 or ssl://host:8883; empty = no MQTT. */
        public String url;
        public String username;
        public String password;
        /** For ssl://: a PEM file with the CA certificate(s) to trust (a self-signed broker); default: the JVM's CAs. */
        public String caFile;
        public String topicPrefix = "vigil";
        public String clientId = "vigil-notify";
        /** Home Assistant MQTT discovery: retained config messages under this prefix. */
        public boolean discovery = true;
        public String discoveryPrefix = "homeassistant";
        /** Messages kept on disk (data_dir/notify-mqtt) while the broker is away. */
        public int bufferSize = 5000;

        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    public static class Webhook {
        public String url;
        /** Shown in logs and metrics instead of the URL (which often holds a token); default webhook-N. */
        public String name;
        /** When set, each POST carries X-Vigil-Signature: sha256=HMAC-SHA256(secret, body) in hex. */
        public String secret;
        /** Empty = any. */
        public List<String> labels = new ArrayList<>();
        public List<String> cameras = new ArrayList<>();
        /** Events of an object in at least one of these zones; empty = anywhere. */
        public List<String> zones = new ArrayList<>();
        /** Event types sent: new (default), update, end. */
        public List<String> types = new ArrayList<>(List.of("new"));
        public int maxAttempts = 5;
        public long retryBackoffMs = 1000;
        /** At most one "update" per object this often (a chat channel gets no message per update). */
        public double cooldownSeconds = 60;
        public int timeoutSeconds = 10;
    }

    public boolean enabled() {
        return (mqtt != null && mqtt.enabled()) || (webhooks != null && !webhooks.isEmpty());
    }

    /** Adds an error naming the field and value for everything wrong in this section. */
    void validate(List<String> e) {
        if (mqtt == null) e.add("notify.mqtt: missing");
        else if (mqtt.enabled()) {
            URI u = uri(mqtt.url);
            if (u == null || u.getHost() == null || !("tcp".equals(u.getScheme()) || "ssl".equals(u.getScheme()))) {
                e.add("notify.mqtt.url: must be tcp://host:port or ssl://host:port, got '" + mqtt.url.replaceAll("//[^/@]*@", "//***@") + "'");
            } else if (u.getUserInfo() != null) {
                e.add("notify.mqtt.url: put the user and password in notify.mqtt.username and notify.mqtt.password, not in the URL");
            }
            if (mqtt.topicPrefix == null || !TOPIC_PREFIX.matcher(mqtt.topicPrefix).matches()) {
                e.add("notify.mqtt.topic_prefix: must be letters, digits, '_', '-' and '/' between levels, got '" + mqtt.topicPrefix + "'");
            }
            if (mqtt.discoveryPrefix == null || !TOPIC_PREFIX.matcher(mqtt.discoveryPrefix).matches()) {
                e.add("notify.mqtt.discovery_prefix: must be a topic prefix like homeassistant, got '" + mqtt.discoveryPrefix + "'");
            }
            if (mqtt.clientId == null || mqtt.clientId.isBlank() || mqtt.clientId.length() > 64) {
                e.add("notify.mqtt.client_id: must be 1-64 characters, got '" + mqtt.clientId + "'");
            }
            if (mqtt.caFile != null && !mqtt.url.startsWith("ssl://")) e.add("notify.mqtt.ca_file: only used with an ssl:// URL");
            else if (mqtt.caFile != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(mqtt.caFile))) {
                e.add("notify.mqtt.ca_file: cannot read '" + mqtt.caFile + "'");
            }
            if (mqtt.password != null && mqtt.username == null) e.add("notify.mqtt.password: needs notify.mqtt.username");
            if (mqtt.bufferSize < 1000 || mqtt.bufferSize > 1_000_000) {
                e.add("notify.mqtt.buffer_size: must be in [1000, 1000000], got " + mqtt.bufferSize);
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; webhooks != null && i < webhooks.size(); i++) {
            Webhook w = webhooks.get(i);
            String p = "notify.webhooks[" + i + "]";
            if (w == null) {
                e.add(p + ": empty entry");
                continue;
            }
            URI u = uri(w.url);
            if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                e.add(p + ".url: must be an http:// or https:// URL");
            }
            if (w.name != null && !names.add(w.name)) e.add(p + ".name: duplicate webhook name '" + w.name + "'");
            if (w.types == null || w.types.isEmpty() || !TYPES.containsAll(w.types)) {
                e.add(p + ".types: must be a non-empty list of new, update, end, got " + w.types);
            }
            if (w.maxAttempts < 1 || w.maxAttempts > 100) e.add(p + ".max_attempts: must be in [1, 100], got " + w.maxAttempts);
            if (w.retryBackoffMs < 1) e.add(p + ".retry_backoff_ms: must be >= 1, got " + w.retryBackoffMs);
            if (w.cooldownSeconds < 0) e.add(p + ".cooldown_seconds: must be >= 0, got " + w.cooldownSeconds);
            if (w.timeoutSeconds < 1) e.add(p + ".timeout_seconds: must be >= 1, got " + w.timeoutSeconds);
        }
        if (httpPort < 0 || httpPort > 65535) e.add("notify.http_port: must be a port in [0, 65535], got " + httpPort);
        if (groupId == null || groupId.isBlank()) e.add("notify.group_id: must not be empty");
    }

    private static URI uri(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return new URI(s);
        } catch (Exception ex) {
            return null;
        }
    }
}
