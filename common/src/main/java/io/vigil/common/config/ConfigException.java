package io.vigil.common.config;

import java.util.List;

/** The configuration is invalid; {@link #errors()} names every bad field path and value. */
public class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(String source, List<String> errors) {
        super("Invalid configuration " + source + ":\n  - " + String.join("\n  - ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
