package io.vigil.common.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.vigil.common.Redaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code vigil.yml}: snake_case keys, {@code ${VAR}} / {@code ${VAR:-default}} substituted from the
 * environment anywhere in the file, then the overrides {@code VIGIL_BOOTSTRAP_SERVERS},
 * {@code VIGIL_DATABASE_URL}, {@code VIGIL_API_TOKEN} and {@code VIGIL_DATA_DIR}; then validated.
 */
public final class ConfigLoader {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    static final ObjectMapper YAML = mapper();

    /**
     * snake_case keys; a key written twice is an error; a section, list or map left empty ({@code motion:}) means
     * its defaults or nothing, never null.
     */
    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper(YAMLFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        List<Class<?>> emptyWhenNull = new ArrayList<>(List.of(Map.class, List.class, VigilConfig.class, NotifyConfig.class));
        emptyWhenNull.addAll(List.of(VigilConfig.class.getDeclaredClasses()));
        emptyWhenNull.addAll(List.of(NotifyConfig.class.getDeclaredClasses()));
        emptyWhenNull.remove(VigilConfig.Camera.class); // a camera needs an id and a URL: "- " stays an empty entry
        for (Class<?> type : emptyWhenNull) m.configOverride(type).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        return m;
    }

    private ConfigLoader() {}

    /** The validated config of the file, or the defaults (with environment overrides) when file is null. */
    public static VigilConfig load(Path file, Map<String, String> env) {
        List<String> errors = new ArrayList<>();
        VigilConfig config = file == null ? new VigilConfig() : parse(file, env, errors);
        applyOverrides(config, env);
        errors.addAll(ConfigValidator.validate(config));
        if (!errors.isEmpty()) {
            // a value that came from the environment may be a secret: never quote one back
            throw new ConfigException(file == null ? "(defaults)" : file.toString(),
                    errors.stream().map(m -> Redaction.hide(m, environmentValues(file, env))).toList());
        }
        return config;
    }

    public static VigilConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** The file's config; unknown keys are added to {@code unknown}, other errors thrown at once. */
    static VigilConfig parse(Path file, Map<String, String> env, List<String> unknown) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("file not found"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) return new VigilConfig();
            List<String> errors = new ArrayList<>();
            JsonNode substituted = substitute(tree, env, errors);
            if (!errors.isEmpty()) throw new ConfigException(file.toString(), errors);
            return YAML.readerFor(VigilConfig.class).withHandler(new UnknownFields(unknown)).readValue(substituted);
        } catch (JsonMappingException e) {
            throw new ConfigException(file.toString(), List.of(Redaction.hide(describe(e), environmentValues(file, env))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the parser's message quotes the offending line, which may hold a password: say where, not what
            var at = e.getLocation();
            String original = String.valueOf(e.getOriginalMessage());
            String msg = original.startsWith("Duplicate field") ? original.replace("Duplicate field", "duplicate key") // a key name, no value
                    : firstLine(original);
            throw new ConfigException(file.toString(), List.of("not valid YAML" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + msg));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read: " + e.getClass().getSimpleName()));
        }
    }

    /** Substitutes variables in the string values of the parsed file (so comments are left alone). */
    static JsonNode substitute(JsonNode node, Map<String, String> env, List<String> errors) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.textValue(), env, errors));
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            o.fieldNames().forEachRemaining(name -> o.set(name, substitute(o.get(name), env, errors)));
        } else if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) a.set(i, substitute(a.get(i), env, errors));
        }
        return node;
    }

    static String substitute(String text, Map<String, String> env, List<String> errors) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) value = m.group(2);
            if (value == null) {
                errors.add("environment variable " + m.group(1) + " is not set (used as ${" + m.group(1) + "})");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Collects every unknown key (Jackson alone stops at the first). */
    private static final class UnknownFields extends DeserializationProblemHandler {
        private final List<String> errors;

        UnknownFields(List<String> errors) {
            this.errors = errors;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object bean, String name) throws IOException {
            JsonStreamContext parent = p.getParsingContext();
            if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) parent = parent.getParent();
            String path = pathOf(parent);
            errors.add((path.isEmpty() ? "" : path + ": ") + "unknown field \"" + name + "\"");
            p.skipChildren();
            return true;
        }
    }

    /** snake_case path of the object that the parser context is in, e.g. cameras[0].detect. */
    private static String pathOf(JsonStreamContext object) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = object.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            path.insert(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    /** Values the config took from the environment: each ${VAR} of the file and the VIGIL_* overrides. */
    private static String[] environmentValues(Path file, Map<String, String> env) {
        List<String> names = new ArrayList<>(List.of("VIGIL_BOOTSTRAP_SERVERS", "VIGIL_DATABASE_URL", "VIGIL_API_TOKEN", "VIGIL_DATA_DIR"));
        if (file != null) {
            try {
                Matcher m = VAR.matcher(Files.readString(file));
                while (m.find()) names.add(m.group(1));
            } catch (IOException e) {
                // then only the overrides
            }
        }
        return names.stream().map(env::get).filter(v -> v != null && !v.isEmpty()).toArray(String[]::new);
    }

    /** The parser's own words only: the first line, without a quoted snippet of the file. */
    private static String firstLine(String message) {
        if (message == null) return "syntax error";
        String line = message.lines().findFirst().orElse("syntax error").trim();
        return Redaction.text(line.replaceAll("'[^']*'|\"[^\"]*\"", "'…'"));
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf(" (class ");
        if (cut > 0) msg = msg.substring(0, cut);
        // "Cannot deserialize value of type `int` from String \"<value>\"": the value may be a secret
        if (path.matches("(?i).*(url|token|password|user|secret|key).*")) msg = msg.replaceAll("\"[^\"]*\"", "\"" + Redaction.HIDDEN + "\"");
        return (path.isEmpty() ? "" : path + ": ") + msg;
    }

    private static void applyOverrides(VigilConfig c, Map<String, String> env) {
        if (env.get("VIGIL_BOOTSTRAP_SERVERS") != null) c.kafka.bootstrapServers = env.get("VIGIL_BOOTSTRAP_SERVERS");
        if (env.get("VIGIL_DATABASE_URL") != null) c.sink.databaseUrl = env.get("VIGIL_DATABASE_URL");
        if (env.get("VIGIL_API_TOKEN") != null) c.sink.apiToken = env.get("VIGIL_API_TOKEN");
        if (env.get("VIGIL_DATA_DIR") != null) c.dataDir = env.get("VIGIL_DATA_DIR");
    }
}
