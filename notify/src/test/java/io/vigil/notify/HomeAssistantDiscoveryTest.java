package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HomeAssistantDiscoveryTest {
    private final HomeAssistantDiscovery discovery = new HomeAssistantDiscovery("homeassistant", new TopicNames("vigil"));

    private List<HomeAssistantDiscovery.Config> all(String camera, String... labels) {
        List<HomeAssistantDiscovery.Config> c = new ArrayList<>();
        c.add(discovery.cameraStatus(camera));
        for (String l : labels) c.addAll(discovery.label(camera, l));
        return c;
    }

    @Test
    void everyPayloadUsesTheDocumentedFieldsOfItsComponent() {
        for (HomeAssistantDiscovery.Config c : all("front_door", "person", "car", "traffic light")) {
            String component = c.topic().split("/")[1];
            HomeAssistantFields.check(component, c.payload());
        }
    }

    @Test
    void topicsFollowTheDiscoveryFormatAndIdsAreUniqueAcrossCameras() {
        Set<String> ids = new HashSet<>();
        Set<String> topics = new HashSet<>();
        for (HomeAssistantDiscovery.Config c : all("front.door", "person", "traffic light")) {
            assertThat(c.topic()).matches("homeassistant/(binary_sensor|sensor|image)/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+/config");
            ids.add((String) c.payload().get("unique_id"));
            topics.add(c.topic());
        }
        for (HomeAssistantDiscovery.Config c : all("backyard", "person", "traffic light")) {
            ids.add((String) c.payload().get("unique_id"));
            topics.add(c.topic());
        }
        assertThat(ids).hasSize(14);
        assertThat(topics).hasSize(14);
    }

    @Test
    void theEntitiesReadVigilsStateTopics() {
        List<HomeAssistantDiscovery.Config> c = all("front_door", "person");
        assertThat(c.get(0).payload()).containsEntry("state_topic", "vigil/front_door/status")
                .containsEntry("device_class", "connectivity");
        assertThat(c.get(1).payload()).containsEntry("state_topic", "vigil/front_door/person")
                .containsEntry("device_class", "occupancy");
        assertThat(c.get(2).payload()).containsEntry("state_topic", "vigil/front_door/person")
                .containsEntry("state_class", "measurement");
        assertThat(c.get(3).payload()).containsEntry("image_topic", "vigil/front_door/person/snapshot")
                .containsEntry("content_type", "image/jpeg");
        assertThat(c).allSatisfy(x -> assertThat(x.payload()).containsEntry("availability_topic", "vigil/available")
                .containsEntry("payload_available", "online").containsEntry("payload_not_available", "offline"));
    }
}
