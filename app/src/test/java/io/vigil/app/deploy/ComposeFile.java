package io.vigil.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's {@code docker-compose.yml} as Compose reads it: anchors and merge keys resolved (SnakeYAML
 * does both), {@code ${VAR:-default}} interpolated as if no variable were set.
 */
final class ComposeFile {
    static final String FILE = "docker-compose.yml";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}|\\$\\$");

    final Path root;
    private final Map<String, Object> yaml;

    private ComposeFile(Path root, Map<String, Object> yaml) {
        this.root = root;
        this.yaml = yaml;
    }

    /** The compose file of the repository at {@code root}. */
    static ComposeFile load(Path root) {
        try {
            return parse(Files.readString(root.resolve(FILE)), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve(FILE), e);
        }
    }

    /** {@code text} as the compose file of the repository at {@code root} (relative paths resolve there). */
    static ComposeFile parse(String text, Path root) {
        Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return new ComposeFile(root, yaml);
    }

    /** The repository root: the nearest directory above the working directory with app/pom.xml in it. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("app").resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no repository root (a directory with app/pom.xml) above " + Path.of("").toAbsolutePath());
    }

    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        map(yaml.get("services")).forEach((name, spec) -> services.put(name, new Service(name, map(spec))));
        return services;
    }

    /** Names of the top-level named volumes. */
    List<String> volumes() {
        return new ArrayList<>(map(yaml.get("volumes")).keySet());
    }

    /** One service of the compose file. */
    record Service(String name, Map<String, Object> spec) {
        String image() {
            return string(spec.get("image"));
        }

        /** Built from this repository's Dockerfile: a Vigil service, whose command is a vigil subcommand. */
        boolean isVigil() {
            return ".".equals(spec.get("build"));
        }

        String hostname() {
            return spec.containsKey("hostname") ? string(spec.get("hostname")) : name;
        }

        List<String> command() {
            return strings(spec.get("command"));
        }

        List<String> entrypoint() {
            return strings(spec.get("entrypoint"));
        }

        /** KEY -> value, from either the map or the KEY=value list form, interpolated. */
        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            Object e = spec.get("environment");
            if (e instanceof Map<?, ?> m) m.forEach((k, v) -> env.put(k.toString(), v == null ? "" : interpolate(v.toString())));
            else for (String kv : strings(e)) {
                int eq = kv.indexOf('=');
                env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : interpolate(kv.substring(eq + 1)));
            }
            return env;
        }

        /** Service name -> condition (service_started when the short list form is used). */
        Map<String, String> dependsOn() {
            Map<String, String> deps = new LinkedHashMap<>();
            Object d = spec.get("depends_on");
            if (d instanceof Map<?, ?> m) {
                m.forEach((k, v) -> deps.put(k.toString(), v instanceof Map<?, ?> c && c.get("condition") != null
                        ? c.get("condition").toString() : "service_started"));
            } else {
                strings(d).forEach(s -> deps.put(s, "service_started"));
            }
            return deps;
        }

        /** Volumes in the short form SOURCE:TARGET[:MODE]. */
        List<String> volumes() {
            return strings(spec.get("volumes"));
        }

        /** Ports in the short form [HOST:]CONTAINER. */
        List<String> ports() {
            return strings(spec.get("ports"));
        }

        /** The health check's command as one line, or null when the service has none (or disables it). */
        String healthcheck() {
            Map<String, Object> h = map(spec.get("healthcheck"));
            if (h.isEmpty() || Boolean.TRUE.equals(h.get("disable"))) return null;
            List<String> test = strings(h.get("test"));
            if (test.isEmpty() || test.get(0).equals("NONE")) return null;
            return String.join(" ", test.get(0).startsWith("CMD") ? test.subList(1, test.size()) : test);
        }
    }

    /** Compose's variable interpolation with every variable unset: the default, or empty. */
    static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group().equals("$$") ? "$" : m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (o == null) return new LinkedHashMap<>();
        if (!(o instanceof Map<?, ?>)) throw new IllegalArgumentException("expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    private static List<String> strings(Object o) {
        if (o == null) return List.of();
        if (o instanceof List<?> l) return l.stream().map(ComposeFile::string).toList();
        return List.of(string(o).trim().split("\\s+"));
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
