package io.vigil.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Home Assistant MQTT discovery: the retained config messages that make each camera a device with, per label,
 * an occupancy binary sensor, a count sensor and an image of the last snapshot, plus a connectivity binary
 * sensor for the camera's status. Topics are {@code <discovery_prefix>/<component>/<node_id>/<object_id>/config};
 * every entity is unavailable while {@code <prefix>/available} says offline (the client's last will).
 */
final class HomeAssistantDiscovery {
    static final String VERSION = "0.1.0";

    /** One config message. */
    record Config(String topic, Map<String, Object> payload) {}

    private final String discoveryPrefix;
    private final TopicNames topics;

    HomeAssistantDiscovery(String discoveryPrefix, TopicNames topics) {
        this.discoveryPrefix = discoveryPrefix;
        this.topics = topics;
    }

    /** The camera's connectivity sensor. */
    Config cameraStatus(String camera) {
        Map<String, Object> p = entity(camera, "status", "Status");
        p.put("state_topic", topics.status(camera));
        p.put("value_template", "{{ 'ON' if value == 'online' else 'OFF' }}");
        p.put("device_class", "connectivity");
        p.put("entity_category", "diagnostic");
        return new Config(topic("binary_sensor", camera, "status"), p);
    }

    /** Occupancy, count and snapshot of one label on one camera. */
    List<Config> label(String camera, String label) {
        String object = TopicNames.id(label);
        String title = label.substring(0, 1).toUpperCase(Locale.ROOT) + label.substring(1);

        Map<String, Object> occupancy = entity(camera, object + "_occupancy", title + " occupancy");
        occupancy.put("state_topic", topics.count(camera, label));
        occupancy.put("value_template", "{{ 'ON' if (value | int(0)) > 0 else 'OFF' }}");
        occupancy.put("device_class", "occupancy");

        Map<String, Object> count = entity(camera, object + "_count", title + " count");
        count.put("state_topic", topics.count(camera, label));
        count.put("state_class", "measurement");
        count.put("icon", "mdi:counter");

        Map<String, Object> snapshot = entity(camera, object + "_snapshot", title + " snapshot");
        snapshot.put("image_topic", topics.snapshot(camera, label));
        snapshot.put("content_type", "image/jpeg");

        return List.of(new Config(topic("binary_sensor", camera, object + "_occupancy"), occupancy),
                new Config(topic("sensor", camera, object + "_count"), count),
                new Config(topic("image", camera, object + "_snapshot"), snapshot));
    }

    private Map<String, Object> entity(String camera, String object, String name) {
        String node = node(camera);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("unique_id", node + "_" + object);
        p.put("availability_topic", topics.available());
        p.put("payload_available", MqttBridge.ONLINE);
        p.put("payload_not_available", MqttBridge.OFFLINE);
        p.put("qos", 1);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of(node));
        device.put("name", camera);
        device.put("manufacturer", "Vigil");
        device.put("model", "Vigil camera");
        device.put("sw_version", VERSION);
        p.put("device", device);
        p.put("origin", Map.of("name", "Vigil", "sw_version", VERSION));
        return p;
    }

    private String node(String camera) {
        return TopicNames.id(topics.prefix) + "_" + TopicNames.id(camera);
    }

    private String topic(String component, String camera, String object) {
        return discoveryPrefix + "/" + component + "/" + node(camera) + "/" + object + "/config";
    }
}
