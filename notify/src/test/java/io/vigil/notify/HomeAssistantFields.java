package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The discovery fields Home Assistant documents for the MQTT entities we publish (home-assistant.io
 * integrations binary_sensor.mqtt, sensor.mqtt, image.mqtt and the MQTT discovery page; the schemas in
 * homeassistant/components/mqtt/{binary_sensor,sensor,image,schemas}.py). A payload may use only these
 * keys, must have the required ones, and its device_class must be one HA knows.
 */
final class HomeAssistantFields {
    /** Options every MQTT entity accepts (entity, availability and device options). */
    static final Set<String> COMMON = Set.of("name", "unique_id", "object_id", "default_entity_id", "icon",
            "entity_category", "enabled_by_default", "device", "origin", "availability", "availability_mode",
            "availability_template", "availability_topic", "payload_available", "payload_not_available",
            "json_attributes_topic", "json_attributes_template", "qos", "encoding", "entity_picture");
    static final Map<String, Set<String>> OWN = Map.of(
            "binary_sensor", Set.of("state_topic", "value_template", "payload_on", "payload_off", "device_class",
                    "expire_after", "force_update", "off_delay"),
            "sensor", Set.of("state_topic", "value_template", "device_class", "state_class", "unit_of_measurement",
                    "expire_after", "force_update", "last_reset_value_template", "suggested_display_precision", "options"),
            "image", Set.of("image_topic", "url_topic", "url_template", "content_type", "image_encoding"));
    static final Map<String, List<String>> REQUIRED = Map.of(
            "binary_sensor", List.of("state_topic"), "sensor", List.of("state_topic"), "image", List.of());
    /** BinarySensorDeviceClass values (the ones we could use, and the rest of the documented list). */
    static final Set<String> BINARY_SENSOR_CLASSES = Set.of("battery", "battery_charging", "carbon_monoxide", "cold",
            "connectivity", "door", "garage_door", "gas", "heat", "light", "lock", "moisture", "motion", "moving",
            "occupancy", "opening", "plug", "power", "presence", "problem", "running", "safety", "smoke", "sound",
            "tamper", "update", "vibration", "window");
    static final Set<String> DEVICE = Set.of("identifiers", "connections", "manufacturer", "model", "model_id", "name",
            "hw_version", "serial_number", "sw_version", "via_device", "suggested_area", "configuration_url");
    static final Set<String> ENTITY_CATEGORIES = Set.of("config", "diagnostic");
    static final Set<String> STATE_CLASSES = Set.of("measurement", "total", "total_increasing", "measurement_angle");

    private HomeAssistantFields() {}

    /** Asserts that the payload of {@code component} uses documented fields only, as documented. */
    @SuppressWarnings("unchecked")
    static void check(String component, Map<String, Object> payload) {
        assertThat(OWN).as("component").containsKey(component);
        assertThat(payload.keySet()).as(component + " fields").allMatch(k -> COMMON.contains(k) || OWN.get(component).contains(k));
        assertThat(payload.keySet()).as(component + " required fields").containsAll(REQUIRED.get(component));
        assertThat(payload).containsKeys("unique_id", "name", "device", "availability_topic");
        Map<String, Object> device = (Map<String, Object>) payload.get("device");
        assertThat(device.keySet()).as("device fields").isSubsetOf(DEVICE);
        assertThat((List<String>) device.get("identifiers")).as("device identifiers").isNotEmpty();
        if (component.equals("binary_sensor") && payload.containsKey("device_class")) {
            assertThat(BINARY_SENSOR_CLASSES).contains((String) payload.get("device_class"));
        }
        if (payload.containsKey("entity_category")) assertThat(ENTITY_CATEGORIES).contains((String) payload.get("entity_category"));
        if (payload.containsKey("state_class")) assertThat(STATE_CLASSES).contains((String) payload.get("state_class"));
        if (component.equals("image")) {
            assertThat(payload.containsKey("image_topic") ^ payload.containsKey("url_topic")).as("exactly one of image_topic, url_topic").isTrue();
            if (payload.containsKey("url_topic")) assertThat(payload).doesNotContainKey("content_type");
        }
        for (Map.Entry<String, Object> e : payload.entrySet()) {
            if (e.getKey().endsWith("_topic")) assertThat((String) e.getValue()).as(e.getKey()).doesNotContain("+", "#").isNotBlank();
        }
    }
}
