package io.vigil.common.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code notify:} section of {@code vigil.yml}: where `vigil notify` (also inside `vigil up`) sends alert
 * events: an MQTT broker (with Home Assistant discovery) and/or webhooks. Nothing is sent when neither is set.
 * Declared like {@link VigilConfig}: default, range and description on each field.
 */
public class NotifyConfig {
    private static final String TOPIC_PREFIX = "^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$";

    @Valid @NotNull public Mqtt mqtt = new Mqtt();
    @JsonPropertyDescription("Each matching alert event is POSTed as JSON to each of these")
    @NotNull public List<@NotNull(message = "empty entry") @Valid Webhook> webhooks = new ArrayList<>();
    @JsonPropertyDescription("HTTP port of `vigil notify` (/health, /metrics); 0 = any free port")
    @Min(0) @Max(65535) public int httpPort = 8083;
    @JsonPropertyDescription("Kafka consumer group of notify")
    @NotBlank public String groupId = "vigil-notify";

    public static class Mqtt {
        @JsonPropertyDescription("tcp://host:1883 or ssl://host:8883; empty = no MQTT")
        public String url;
        @JsonPropertyDescription("MQTT user name")
        public String username;
        @JsonPropertyDescription("MQTT password (needs username)")
        public String password;
        @JsonPropertyDescription("For ssl://: a PEM file with the CA certificate(s) to trust (a self-signed broker); default: the JVM's CAs")
        public String caFile;
        @JsonPropertyDescription("Topics are <prefix>/events, <prefix>/<camera>/<label>, <prefix>/<camera>/status, <prefix>/available")
        @NotNull @Pattern(regexp = TOPIC_PREFIX, message = "must be letters, digits, '_', '-' and '/' between levels")
        public String topicPrefix = "vigil";
        @JsonPropertyDescription("MQTT client id")
        @NotBlank @Size(max = 64) public String clientId = "vigil-notify";
        @JsonPropertyDescription("Home Assistant MQTT discovery: each camera appears as a device")
        public boolean discovery = true;
        @JsonPropertyDescription("Home Assistant discovery prefix (retained config messages)")
        @NotNull @Pattern(regexp = TOPIC_PREFIX, message = "must be a topic prefix like homeassistant")
        public String discoveryPrefix = "homeassistant";
        @JsonPropertyDescription("Messages kept on disk (data_dir/notify-mqtt) while the broker is away")
        @Min(1000) @Max(1_000_000) public int bufferSize = 5000;

        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    public static class Webhook {
        @JsonPropertyDescription("http:// or https:// URL the events are POSTed to")
        public String url;
        @JsonPropertyDescription("Shown in logs and metrics instead of the URL (which often holds a token); default webhook-N")
        public String name;
        @JsonPropertyDescription("When set, each POST carries X-Vigil-Signature: sha256=HMAC-SHA256(secret, body) in hex")
        public String secret;
        @JsonPropertyDescription("Labels sent; empty = any")
        @NotNull public List<String> labels = new ArrayList<>();
        @JsonPropertyDescription("Cameras sent; empty = any")
        @NotNull public List<String> cameras = new ArrayList<>();
        @JsonPropertyDescription("Events of an object in at least one of these zones; empty = anywhere")
        @NotNull public List<String> zones = new ArrayList<>();
        @JsonPropertyDescription("Event types sent: new, update, end")
        @NotEmpty(message = "must be a non-empty list of new, update, end")
        public List<@NotNull @Pattern(regexp = "^(new|update|end)$", message = "must be new, update or end") String> types = new ArrayList<>(List.of("new"));
        @JsonPropertyDescription("Attempts before the event goes to vigil.notify.dead-letter with the reason")
        @Min(1) @Max(100) public int maxAttempts = 5;
        @JsonPropertyDescription("Wait before the first retry, doubled after each failed attempt")
        @Min(1) @Max(3_600_000) public long retryBackoffMs = 1000;
        @JsonPropertyDescription("At most one update per object this often (a chat channel gets no message per update)")
        @Min(0) @Max(86_400) public double cooldownSeconds = 60;
        @JsonPropertyDescription("HTTP timeout of one attempt")
        @Min(1) @Max(600) public int timeoutSeconds = 10;
    }

    public boolean enabled() {
        return (mqtt != null && mqtt.enabled()) || (webhooks != null && !webhooks.isEmpty());
    }

    /** Adds an error for each rule of this section that spans fields or needs more than a range (the rest are on the fields). */
    void validate(List<String> e) {
        if (mqtt != null && mqtt.enabled()) {
            URI u = uri(mqtt.url);
            if (u == null || u.getHost() == null || !("tcp".equals(u.getScheme()) || "ssl".equals(u.getScheme()))) {
                e.add("notify.mqtt.url: must be tcp://host:port or ssl://host:port, got '" + mqtt.url.replaceAll("//[^/@]*@", "//***@") + "'");
            } else if (u.getUserInfo() != null) {
                e.add("notify.mqtt.url: put the user and password in notify.mqtt.username and notify.mqtt.password, not in the URL");
            }
            if (mqtt.caFile != null && !mqtt.url.startsWith("ssl://")) e.add("notify.mqtt.ca_file: only used with an ssl:// URL");
            else if (mqtt.caFile != null && !Files.isReadable(Path.of(mqtt.caFile))) {
                e.add("notify.mqtt.ca_file: cannot read '" + mqtt.caFile + "'");
            }
            if (mqtt.password != null && mqtt.username == null) e.add("notify.mqtt.password: needs notify.mqtt.username");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; webhooks != null && i < webhooks.size(); i++) {
            Webhook w = webhooks.get(i);
            if (w == null) continue;
            String p = "notify.webhooks[" + i + "]";
            URI u = uri(w.url);
            if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                e.add(p + ".url: must be an http:// or https:// URL");
            }
            if (w.name != null && !names.add(w.name)) e.add(p + ".name: duplicate webhook name '" + w.name + "'");
        }
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
