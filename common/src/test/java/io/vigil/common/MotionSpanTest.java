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

/** The motion contract: what the detector writes on vigil.motion is what docs/motion.schema.json documents and the sink reads. */
class MotionSpanTest {
    private static final Topic<String, MotionSpan> TOPIC = Topics.MOTION_SPANS;

    private static JsonSchema schema() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("../docs/motion.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void openAndClosedSpansAsPublishedMatchTheSchemaAndReadBackEqual() throws IOException {
        JsonSchema schema = schema();
        Instant start = Instant.parse("2026-11-20T22:00:03.200Z");
        for (MotionSpan span : new MotionSpan[] {new MotionSpan("porch", start, null),
                new MotionSpan("porch", start, start.plusMillis(8600))}) {
            byte[] bytes = TOPIC.valueSerde().serializer().serialize(TOPIC.name(), span);
            JsonNode json = Json.MAPPER.readTree(bytes);
            assertThat(schema.validate(json)).as("%s matches the schema", json).isEmpty();
            assertThat(json.has("end")).isEqualTo(span.end() != null);
            assertThat(TOPIC.valueSerde().deserializer().deserialize(TOPIC.name(), bytes)).isEqualTo(span);
        }
    }

    @Test
    void theSchemaRejectsASpanWithoutStart() throws IOException {
        assertThat(schema().validate(Json.MAPPER.readTree("{\"camera\":\"porch\",\"end\":\"2026-11-20T22:00:03Z\"}"))).isNotEmpty();
    }
}
