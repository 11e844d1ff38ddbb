package io.vigil.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The camera-status contract: what ingest writes is what docs/camera-status.schema.json documents and the sink reads. */
class CameraStatusTest {
    private static final Topic<String, CameraStatus> TOPIC = Topics.CAMERA_STATUSES;

    @Test
    void statusesAsPublishedMatchTheSchemaAndReadBackEqual() throws IOException {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("../docs/camera-status.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        for (CameraStatus status : new CameraStatus[] {
                new CameraStatus("porch", CameraState.ONLINE, 5.0, Instant.parse("2026-11-20T22:00:03.200Z"), null),
                new CameraStatus("garage", CameraState.RECONNECTING, 0, Instant.parse("2026-11-20T22:00:03Z"), "stream ended"),
                new CameraStatus("yard", CameraState.OFFLINE, 0, null, "camera yard: connection refused")}) {
            byte[] bytes = TOPIC.valueSerde().serializer().serialize(TOPIC.name(), status);
            JsonNode json = Json.MAPPER.readTree(bytes);
            assertThat(schema.validate(json)).as("%s matches the schema", json).isEmpty();
            assertThat(json.get("state").asText()).isEqualTo(status.state().text());
            assertThat(TOPIC.valueSerde().deserializer().deserialize(TOPIC.name(), bytes)).isEqualTo(status);
        }
    }

    @Test
    void theSchemaRejectsAnUnknownState() throws IOException {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("../docs/camera-status.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertThat(schema.validate(Json.MAPPER.readTree("{\"camera\":\"a\",\"state\":\"asleep\",\"fps\":0}"))).isNotEmpty();
    }
}
