package io.vigil.common.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The JSON Schema (draft 2020-12) of {@code vigil.yml}, generated from {@link VigilConfig}'s declarations: the
 * field initialisers give the defaults, the Jakarta Validation constraints the ranges and patterns, and
 * {@code @JsonPropertyDescription} the descriptions. For editors (YAML language servers) and for checking the example.
 */
public final class ConfigSchema {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigSchema() {}

    public static ObjectNode generate() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
        config.forTypesInGeneral().withPropertySorter((a, b) -> 0); // declaration order, as in vigil.example.yml
        config.forFields()
                .withPropertyNameOverrideResolver(field -> SNAKE.translate(field.getName()))
                .withDefaultResolver(ConfigSchema::defaultOf)
                // a section or list left empty means its default (see ConfigLoader): only a string with none is required
                .withRequiredCheck(field -> field.getType() != null && field.getType().isInstanceOf(String.class)
                        && defaultOf(field) == null
                        && (field.getAnnotationConsideringFieldAndGetter(NotNull.class) != null
                            || field.getAnnotationConsideringFieldAndGetter(NotBlank.class) != null));
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(VigilConfig.class);
        schema.put("title", "vigil.yml");
        schema.put("description", "Configuration of every Vigil service (see vigil.example.yml)");
        return schema;
    }

    /** The field's initial value on a fresh instance of its class, when it is a plain value. */
    private static Object defaultOf(FieldScope field) {
        if (field.isFakeContainerItemScope()) return null;
        try {
            Object owner = field.getDeclaringType().getErasedType().getDeclaredConstructor().newInstance();
            Object value = field.getRawMember().get(owner);
            if (value instanceof Number n && n.doubleValue() == Double.MAX_VALUE) return null;
            return value instanceof String || value instanceof Number || value instanceof Boolean ? value : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
