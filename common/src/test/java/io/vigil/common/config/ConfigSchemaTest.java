package io.vigil.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The annotated example and the JSON Schema of `vigil config schema` are checked against each other. */
class ConfigSchemaTest {
    private static final Path EXAMPLE = Path.of("src/test/resources/vigil.example.yml");
    /** A key line of the example, commented out or not: indent, "- " of a list entry, key, value, comment. */
    private static final Pattern LINE = Pattern.compile("^(\\s*)(?:#\\s?)?(\\s*)(- )?([a-z_]+):(?:\\s+([^#]*?))?\\s*(?:#(.*))?$");

    private final ObjectNode schema = ConfigSchema.generate();

    @Test
    void theExampleIsValidAgainstTheSchema() throws IOException {
        JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        JsonNode example = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(EXAMPLE));
        Set<ValidationMessage> errors = s.validate(example);
        assertThat(errors).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatConfigCheckRejects() throws IOException {
        JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        JsonNode bad = new ObjectMapper(new YAMLFactory()).readTree("""
                cameras:
                  - {id: "bad id!", url: x.mp4, detect: {fps: 31}, rtsp_transport: quic}
                kafka: {partitions: 0, colour: red}
                """);
        assertThat(s.validate(bad)).extracting(ValidationMessage::getInstanceLocation).extracting(Object::toString)
                .contains("$.cameras[0].id", "$.cameras[0].detect.fps", "$.cameras[0].rtsp_transport", "$.kafka.partitions", "$.kafka");
    }

    @Test
    void everySettingOfTheSchemaIsInTheExampleWithItsDescription() throws IOException {
        Set<String> inExample = new TreeSet<>();
        for (Key k : keys()) inExample.add(k.path());
        Set<String> inSchema = new TreeSet<>();
        settings(schema, schema, "", inSchema);
        assertThat(inExample).containsAll(inSchema);
        Set<String> described = new TreeSet<>();
        descriptions(schema, schema, "", described);
        assertThat(described).as("settings without a description").isEqualTo(inSchema);
    }

    @Test
    void whereTheExampleSaysDefaultItShowsTheDefault() throws IOException {
        int checked = 0;
        for (Key k : keys()) {
            if (k.comment() == null || !k.comment().contains("(default") || k.value() == null || k.value().isEmpty()) continue;
            JsonNode property = property(k.path());
            assertThat(property).as(k.path()).isNotNull();
            assertThat(property.has("default")).as("%s says default but the schema has none", k.path()).isTrue();
            String value = k.value().replaceAll("^\"|\"$", "");
            assertThat(property.get("default").asText()).as(k.path()).isIn(value, value + ".0");
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    record Key(String path, String value, String comment) {}

    /** Every key line of the example with its path (list entries as [], map entries by name). */
    private static List<Key> keys() throws IOException {
        List<Key> keys = new ArrayList<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        for (String line : Files.readAllLines(EXAMPLE)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            int indent = m.group(1).length() + m.group(2).length();
            boolean entry = m.group(3) != null;
            while (!indents.isEmpty() && indents.peek()[0] >= (entry ? indent + 1 : indent)) {
                indents.pop();
                names.pop();
            }
            if (entry) { // a list entry: its keys are children of "[]"
                indents.push(new int[] {indent + 1});
                names.push("[]");
                indent += 2;
            }
            List<String> parts = new ArrayList<>(names);
            java.util.Collections.reverse(parts);
            parts.add(m.group(4));
            keys.add(new Key(String.join(".", parts).replace(".[]", "[]"), m.group(5), m.group(6)));
            indents.push(new int[] {indent});
            names.push(m.group(4));
        }
        return keys;
    }

    /** Every leaf setting of the schema as a path like cameras[].detect.fps (maps' entries are the user's names). */
    private static void settings(JsonNode root, JsonNode s, String path, Set<String> out) {
        s = resolve(root, s);
        JsonNode properties = s.path("properties");
        properties.fieldNames().forEachRemaining(name -> {
            JsonNode p = resolve(root, properties.get(name));
            String at = path.isEmpty() ? name : path + "." + name;
            out.add(at);
            if (p.has("properties")) settings(root, p, at, out);
            if (p.path("items").has("properties") || p.path("items").has("$ref")) settings(root, p.get("items"), at + "[]", out);
        });
    }

    private static void descriptions(JsonNode root, JsonNode s, String path, Set<String> out) {
        s = resolve(root, s);
        JsonNode properties = s.path("properties");
        properties.fieldNames().forEachRemaining(name -> {
            JsonNode raw = properties.get(name);
            JsonNode p = resolve(root, raw);
            String at = path.isEmpty() ? name : path + "." + name;
            if (raw.has("description") || p.has("description") || p.has("properties")) out.add(at);
            if (p.has("properties")) descriptions(root, p, at, out);
            if (p.path("items").has("properties") || p.path("items").has("$ref")) descriptions(root, p.get("items"), at + "[]", out);
        });
    }

    private JsonNode property(String path) {
        JsonNode s = schema;
        for (String part : path.split("\\.")) {
            boolean item = part.endsWith("[]");
            String name = item ? part.substring(0, part.length() - 2) : part;
            s = resolve(schema, s);
            JsonNode next = s.path("properties").get(name);
            if (next == null && s.path("additionalProperties").isObject()) next = resolve(schema, s.get("additionalProperties")).path("properties").get(name);
            if (next == null) {
                // an entry of a map (objects.person, zones.porch): step into the map's values
                JsonNode values = s.path("additionalProperties");
                if (!values.isObject()) return null;
                next = values;
            }
            s = resolve(schema, next);
            if (item) s = resolve(schema, s.get("items"));
        }
        return s;
    }

    private static JsonNode resolve(JsonNode root, JsonNode s) {
        return s != null && s.has("$ref") ? root.at(s.get("$ref").asText().substring(1)) : s;
    }
}
