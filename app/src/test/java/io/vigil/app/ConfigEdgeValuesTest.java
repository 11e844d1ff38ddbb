package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.common.config.ConfigException;
import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.ConfigSchema;
import io.vigil.common.config.NotifyConfig;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config that validates is config that runs: configs made from the schema's edge values (each numeric setting at
 * its minimum and maximum, each section, list and map left empty) pass {@code config check} and build the settings
 * of every service; one step beyond each bound is rejected, so the schema and the checks agree.
 */
class ConfigEdgeValuesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir Path dir;

    /** One change to the baseline config: the value at a JSON pointer (null = left empty in YAML). */
    record Edge(String pointer, JsonNode value, boolean valid) {}

    @Test
    void everyEdgeOfTheSchemaIsAcceptedAndRunsAndEveryStepBeyondIsRejected() throws Exception {
        ObjectNode schema = ConfigSchema.generate();
        ObjectNode baseline = baseline();
        List<Edge> edges = new ArrayList<>();
        collect(schema, schema, baseline, "", edges);
        assertThat(edges.stream().filter(Edge::valid)).hasSizeGreaterThan(100);

        int accepted = 0;
        int crossField = 0;
        for (Edge edge : edges) {
            Path file = write(apply(baseline, edge));
            if (edge.valid()) {
                VigilConfig c = loadUnlessACrossFieldRuleObjects(file, edge);
                if (c == null) {
                    crossField++;
                    continue;
                }
                assertThatCode(() -> buildEverySetting(c)).as("settings of %s", edge).doesNotThrowAnyException();
                accepted++;
            } else {
                ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
                assertThat(e).as("config check must reject %s", edge).isNotNull();
            }
        }
        assertThat(crossField).as("edges refused by a rule between fields").isLessThan(accepted / 10);
        System.out.printf("edge configs: %d accepted and run, %d refused by a rule between fields, %d beyond a bound rejected%n",
                accepted, crossField, edges.size() - accepted - crossField);
    }

    /**
     * The config at the edge value, or null when only a rule between fields refuses it (events_retain_days below
     * the baseline's retain_days): a field's own bound must never refuse its own edge.
     */
    private static VigilConfig loadUnlessACrossFieldRuleObjects(Path file, Edge edge) {
        try {
            return ConfigLoader.load(file, Map.of());
        } catch (ConfigException e) {
            boolean ownBound = e.errors().stream().anyMatch(m -> m.matches(".*: must (be (greater|less) than|not be).*"));
            if (ownBound || edge.value().isNull()) throw new AssertionError("config check rejected the edge value " + edge + ": " + e.errors(), e);
            return null;
        }
    }

    /** What each service builds from the config before it starts. */
    private static void buildEverySetting(VigilConfig c) {
        ConfigMapping.cameras(c);
        ConfigMapping.detector(c);
        ConfigMapping.model(c);
        ConfigMapping.sink(c, c.sink.httpPort);
        ConfigMapping.kafka(c).forEach((k, v) -> assertThat(v).as(k).isNotNull());
        NotifyConfig n = c.notify;
        assertThat(n.enabled() ? n.mqtt.topicPrefix : n.groupId).isNotBlank();
        n.webhooks.forEach(w -> assertThat(w.types).isNotEmpty());
    }

    /** The defaults, plus one camera with a zone and masks, one user label and one webhook, so every section has content. */
    private static ObjectNode baseline() {
        VigilConfig c = new VigilConfig();
        VigilConfig.Camera cam = new VigilConfig.Camera();
        cam.id = "door";
        cam.url = "rtsp://127.0.0.1:8554/door";
        List<List<Double>> square = List.of(List.of(0.0, 0.0), List.of(10.0, 0.0), List.of(10.0, 10.0), List.of(0.0, 10.0));
        cam.zones.put("porch", square);
        cam.objectMasks.add(square);
        cam.motionMasks.add(square);
        c.cameras.add(cam);
        c.kafka.properties.put("client.dns.lookup", "use_all_dns_ips");
        NotifyConfig.Webhook hook = new NotifyConfig.Webhook();
        hook.url = "https://chat.example.com/hook";
        c.notify.webhooks.add(hook);
        c.notify.mqtt.url = "tcp://127.0.0.1:1883";
        ObjectNode tree = YAML.valueToTree(c);
        ((ObjectNode) tree.at("/detector/objects/person")).remove("max_area"); // Double.MAX_VALUE: "no limit"
        return tree;
    }

    private static void collect(ObjectNode root, JsonNode schema, JsonNode data, String pointer, List<Edge> edges) {
        if (schema.has("$ref")) schema = root.at(schema.get("$ref").asText().substring(1));
        if (schema.has("properties")) {
            var names = schema.get("properties").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                JsonNode property = schema.get("properties").get(name);
                if (property.has("$ref")) property = root.at(property.get("$ref").asText().substring(1));
                String at = pointer + "/" + name;
                numericEdges(property, at, edges);
                String type = property.path("type").asText();
                boolean mayBeEmpty = property.path("minItems").asInt(0) == 0 && property.path("minProperties").asInt(0) == 0;
                if (type.equals("object") || type.equals("array")) edges.add(new Edge(at, NODES.nullNode(), mayBeEmpty));
                if (data != null && data.has(name)) collect(root, property, data.get(name), at, edges);
            }
        }
        if (schema.path("additionalProperties").isObject() && data != null) {
            var keys = data.fieldNames();
            while (keys.hasNext()) {
                String key = keys.next();
                collect(root, schema.get("additionalProperties"), data.get(key), pointer + "/" + key, edges);
            }
        }
        if (schema.has("items") && data instanceof ArrayNode array && !array.isEmpty()) {
            collect(root, schema.get("items"), array.get(0), pointer + "/0", edges);
        }
    }

    private static void numericEdges(JsonNode property, String at, List<Edge> edges) {
        boolean integer = property.path("type").asText().equals("integer");
        double step = integer ? 1 : 0.001;
        if (property.has("minimum")) {
            edges.add(new Edge(at, number(property.get("minimum").asDouble(), integer), true));
            edges.add(new Edge(at, number(property.get("minimum").asDouble() - step, integer), false));
        }
        if (property.has("exclusiveMinimum")) {
            edges.add(new Edge(at, number(property.get("exclusiveMinimum").asDouble() + step, integer), true));
            edges.add(new Edge(at, number(property.get("exclusiveMinimum").asDouble(), integer), false));
        }
        if (property.has("maximum")) {
            edges.add(new Edge(at, number(property.get("maximum").asDouble(), integer), true));
            edges.add(new Edge(at, number(property.get("maximum").asDouble() + step, integer), false));
        }
    }

    private static JsonNode number(double v, boolean integer) {
        return integer ? NODES.numberNode((long) v) : NODES.numberNode(v);
    }

    private static ObjectNode apply(ObjectNode baseline, Edge edge) {
        ObjectNode copy = baseline.deepCopy();
        int slash = edge.pointer().lastIndexOf('/');
        JsonNode parent = copy.at(edge.pointer().substring(0, slash));
        String last = edge.pointer().substring(slash + 1);
        if (parent instanceof ObjectNode o) o.set(last, edge.value());
        else ((ArrayNode) parent).set(Integer.parseInt(last), edge.value());
        return copy;
    }

    private Path write(JsonNode tree) throws Exception {
        Path f = Files.createTempFile(dir, "vigil", ".yml");
        Files.writeString(f, YAML.writeValueAsString(tree));
        return f;
    }
}
