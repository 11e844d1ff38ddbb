package io.vigil.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.vigil.app.Vigil;
import io.vigil.app.deploy.ComposeFile.Service;
import io.vigil.common.TopicSetup;
import io.vigil.common.config.ConfigException;
import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.VigilConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Checks docker-compose.yml as far as can be done without a Docker engine: against the {@code vigil} command
 * line (picocli parses each service's command), the config file each service mounts (loaded and validated),
 * the Kafka brokers' KRaft settings and the services' health checks, ports, volumes and dependencies.
 * Every problem names the service and what is wrong; all problems are reported at once.
 */
final class ComposeCheck {
    /** The subcommands that run a long-lived service. */
    static final Set<String> SERVICE_COMMANDS = Set.of("ingest", "detector", "sink");
    /** Environment variables that override config fields (ConfigLoader). */
    static final Set<String> CONFIG_OVERRIDES = Set.of("VIGIL_BOOTSTRAP_SERVERS", "VIGIL_DATABASE_URL", "VIGIL_API_TOKEN", "VIGIL_DATA_DIR");
    private static final Pattern HEALTH_URL = Pattern.compile("https?://([^:/\\s]+):(\\d+)/health\\b");
    private static final Pattern DOCKERFILE_ENV = Pattern.compile("^ENV\\s+([A-Za-z_][A-Za-z0-9_]*)=(\\S+)", Pattern.MULTILINE);
    private static final ObjectMapper SNAKE_CASE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** A Vigil service: its compose entry, the parsed command line and the config file it runs with. */
    record Launch(Service service, ParseResult command, Path configFile, VigilConfig config) {
        String subcommand() {
            return command.commandSpec().name();
        }

        <T> T option(String name, T otherwise) {
            return command.matchedOptionValue(name, otherwise);
        }
    }

    private final ComposeFile compose;
    private final Map<String, Service> services;
    private final List<String> problems = new ArrayList<>();

    private ComposeCheck(ComposeFile compose) {
        this.compose = compose;
        this.services = compose.services();
    }

    /** Every problem found in the compose file; empty when it is consistent. */
    static List<String> problems(ComposeFile compose) {
        ComposeCheck c = new ComposeCheck(compose);
        c.checkEveryServiceIsHealthChecked();
        c.checkDependencies();
        c.checkVolumes();
        List<Launch> launches = c.launches();
        launches.forEach(c::checkVigilService);
        c.checkBrokers(launches);
        c.checkDetectors(launches);
        return c.problems;
    }

    /** The Vigil services, with their command lines parsed and their config files loaded (as in their containers). */
    List<Launch> launches() {
        List<Launch> launches = new ArrayList<>();
        for (Service s : services.values()) {
            if (!s.isVigil()) continue;
            Launch l = launch(s);
            if (l != null) launches.add(l);
        }
        if (launches.isEmpty()) problem("compose", "no Vigil service (a service built from the Dockerfile)");
        return launches;
    }

    private Launch launch(Service s) {
        if (!s.entrypoint().isEmpty()) problem(s.name(), "overrides the image's entrypoint (vigil): " + s.entrypoint());
        ParseResult parsed;
        try {
            parsed = new CommandLine(new Vigil()).parseArgs(s.command().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            problem(s.name(), "command " + s.command() + " is not a valid vigil command line: " + e.getMessage());
            return null;
        }
        ParseResult sub = parsed.subcommand();
        if (sub == null || !SERVICE_COMMANDS.contains(sub.commandSpec().name())) {
            problem(s.name(), "command " + s.command() + " does not run a service (" + String.join(", ", new TreeSet<>(SERVICE_COMMANDS)) + ")");
            return null;
        }
        Path inContainer = sub.matchedOptionValue("--config", null);
        if (inContainer == null) {
            problem(s.name(), "command " + s.command() + " has no --config FILE (the services must share one config)");
            return null;
        }
        Path file = hostPath(s, inContainer.toString());
        if (file == null || !Files.isRegularFile(file)) {
            problem(s.name(), "--config " + inContainer + " is not mounted from a file of the repository (volumes: " + s.volumes() + ")");
            return null;
        }
        Map<String, String> env = new HashMap<>(imageEnvironment());
        env.putAll(s.environment());
        try {
            return new Launch(s, sub, file, ConfigLoader.load(file, env));
        } catch (ConfigException e) {
            problem(s.name(), "config " + compose.root.relativize(file) + " is invalid: " + e.errors());
            return null;
        }
    }

    private void checkEveryServiceIsHealthChecked() {
        services.values().stream().filter(s -> s.healthcheck() == null)
                .forEach(s -> problem(s.name(), "has no health check"));
    }

    private void checkDependencies() {
        for (Service s : services.values()) {
            s.dependsOn().forEach((target, condition) -> {
                Service t = services.get(target);
                if (t == null) problem(s.name(), "depends on '" + target + "', which is not a service");
                else if (condition.equals("service_healthy") && t.healthcheck() == null) {
                    problem(s.name(), "waits for '" + target + "' to be healthy, but it has no health check");
                }
            });
            if (dependencies(s.name()).contains(s.name())) problem(s.name(), "depends on itself (a dependency cycle)");
        }
    }

    private void checkVolumes() {
        Set<String> declared = new HashSet<>(compose.volumes());
        for (Service s : services.values()) {
            for (String v : s.volumes()) {
                String source = v.split(":")[0];
                if (source.startsWith(".")) {
                    if (!Files.exists(compose.root.resolve(source).normalize())) {
                        problem(s.name(), "mounts " + source + ", which is not in the repository");
                    }
                } else if (!source.startsWith("/") && !declared.contains(source)) {
                    problem(s.name(), "uses volume '" + source + "', which is not declared under volumes:");
                }
            }
            List<String> args = new ArrayList<>(s.entrypoint());
            args.addAll(s.command());
            for (int i = 0; i + 1 < args.size(); i++) {
                if (args.get(i).equals("-i") && args.get(i + 1).startsWith("/")) {
                    Path input = hostPath(s, args.get(i + 1));
                    if (input == null || !Files.isRegularFile(input)) {
                        problem(s.name(), "reads " + args.get(i + 1) + ", which is not mounted from a file of the repository");
                    }
                }
            }
        }
    }

    private void checkVigilService(Launch l) {
        Service s = l.service();
        VigilConfig cfg = l.config();
        checkHealthCheck(l);
        for (String server : cfg.kafka.bootstrapServers.split(",")) {
            requireDependency(s, server.trim().split(":")[0], "Kafka broker " + server.trim());
        }
        if (l.subcommand().equals("sink")) checkDatabase(l);
        if (l.subcommand().equals("ingest")) {
            cfg.cameras.stream().filter(c -> c.enabled).forEach(c -> checkCamera(s, c));
        }
        String configText = read(l.configFile());
        s.environment().keySet().stream()
                .filter(k -> k.startsWith("VIGIL_") && !CONFIG_OVERRIDES.contains(k) && !configText.contains("${" + k))
                .forEach(k -> problem(s.name(), "sets " + k + ", which neither overrides a config field nor is used in " + l.configFile().getFileName()));
    }

    private void checkHealthCheck(Launch l) {
        Service s = l.service();
        String check = s.healthcheck();
        if (check == null) return; // reported already
        Matcher url = HEALTH_URL.matcher(check);
        if (!url.find()) {
            problem(s.name(), "health check does not call an HTTP /health endpoint: " + check);
            return;
        }
        String host = url.group(1);
        int port = Integer.parseInt(url.group(2));
        Integer httpPort = httpPort(l);
        if (httpPort == null) {
            problem(s.name(), "health check calls port " + port + ", but `vigil " + l.subcommand()
                    + "` opens no HTTP port (no " + l.subcommand() + ".http_port in the config, no --http-port)");
        } else if (port != httpPort) {
            problem(s.name(), "health check calls port " + port + ", but the service listens on " + httpPort);
        }
        Set<String> reachable = l.subcommand().equals("detector")
                // the detector binds its HTTP server to the advertised host
                ? Set.of(l.option("--advertised-host", "127.0.0.1"))
                : new TreeSet<>(List.of("127.0.0.1", "localhost", s.name(), s.hostname()));
        if (!reachable.contains(host)) problem(s.name(), "health check calls host " + host + ", expected one of " + reachable);
        for (String mapping : s.ports()) {
            String[] parts = mapping.split("/")[0].split(":");
            int container = Integer.parseInt(parts[parts.length - 1]);
            if (httpPort != null && container != httpPort) {
                problem(s.name(), "publishes container port " + container + ", but the service listens on " + httpPort);
            }
        }
    }

    /** The HTTP port of a Vigil service: its --http-port option, else {@code <subcommand>.http_port} of the config. */
    static Integer httpPort(Launch l) {
        if (l.command().hasMatchedOption("--http-port")) return l.option("--http-port", null);
        JsonNode port = SNAKE_CASE.valueToTree(l.config()).path(l.subcommand()).path("http_port");
        return port.isInt() ? port.intValue() : null;
    }

    private void checkDatabase(Launch l) {
        VigilConfig.Sink sink = l.config().sink;
        if (sink.databaseUrl == null || !sink.databaseUrl.startsWith("jdbc:postgresql://")) {
            problem(l.service().name(), "sink.database_url is not a PostgreSQL URL: " + sink.databaseUrl);
            return;
        }
        URI db = URI.create(sink.databaseUrl.substring("jdbc:".length()));
        Service postgres = services.get(db.getHost());
        requireDependency(l.service(), db.getHost(), "its database");
        if (postgres == null) return;
        Map<String, String> env = postgres.environment();
        expect(postgres.name(), "POSTGRES_DB", env.get("POSTGRES_DB"), db.getPath().substring(1));
        expect(postgres.name(), "POSTGRES_USER", env.get("POSTGRES_USER"), sink.databaseUser);
        expect(postgres.name(), "POSTGRES_PASSWORD", env.get("POSTGRES_PASSWORD"), sink.databasePassword);
        int port = db.getPort() < 0 ? 5432 : db.getPort();
        if (port != Integer.parseInt(env.getOrDefault("PGPORT", "5432"))) {
            problem(l.service().name(), "connects to port " + port + " of " + postgres.name() + ", which listens on " + env.getOrDefault("PGPORT", "5432"));
        }
    }

    private void checkCamera(Service ingest, VigilConfig.Camera camera) {
        if (!camera.url.startsWith("rtsp://")) return;
        String host = URI.create(camera.url).getHost();
        requireDependency(ingest, host, "camera " + camera.id + "'s RTSP server");
        boolean published = services.values().stream().anyMatch(p -> !p.isVigil()
                && (p.entrypoint().contains(camera.url) || p.command().contains(camera.url)));
        if (!published) problem(ingest.name(), "camera " + camera.id + " reads " + camera.url + ", which no service publishes");
        else services.values().stream()
                .filter(p -> p.entrypoint().contains(camera.url) || p.command().contains(camera.url))
                .forEach(p -> requireDependency(ingest, p.name(), "the publisher of camera " + camera.id));
    }

    private void checkBrokers(List<Launch> launches) {
        Map<String, Service> brokers = new LinkedHashMap<>();
        services.values().stream().filter(s -> s.image() != null && s.image().startsWith("apache/kafka"))
                .forEach(s -> brokers.put(s.name(), s));
        if (brokers.isEmpty()) {
            problem("compose", "no Kafka broker (apache/kafka image)");
            return;
        }
        Set<String> expectedVoters = new LinkedHashSet<>();
        Set<String> nodeIds = new HashSet<>();
        Set<String> advertised = new HashSet<>();
        for (Service b : brokers.values()) {
            Map<String, String> env = b.environment();
            String id = env.get("KAFKA_NODE_ID");
            if (id == null || !nodeIds.add(id)) problem(b.name(), "KAFKA_NODE_ID missing or not unique: " + id);
            Map<String, String> listeners = listeners(env.get("KAFKA_LISTENERS"));
            String protocols = env.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "");
            for (String name : listeners.keySet()) {
                if (!protocols.matches("(^|.*,)" + name + ":.*")) problem(b.name(), "listener " + name + " has no security protocol in KAFKA_LISTENER_SECURITY_PROTOCOL_MAP");
            }
            if (env.getOrDefault("KAFKA_PROCESS_ROLES", "").contains("controller")) {
                String controller = env.getOrDefault("KAFKA_CONTROLLER_LISTENER_NAMES", "");
                expectedVoters.add(id + "@" + b.hostname() + ":" + listeners.getOrDefault(controller, "?"));
            }
            String interBroker = env.getOrDefault("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT");
            String mine = listeners(env.get("KAFKA_ADVERTISED_LISTENERS")).get(interBroker);
            String expected = b.hostname() + ":" + listeners.get(interBroker);
            if (!expected.equals(mine)) problem(b.name(), "advertises " + interBroker + " as " + mine + ", expected " + expected);
            advertised.add(expected);
            advertised.add(b.name() + ":" + listeners.get(interBroker));
            try {
                Uuid.fromString(env.getOrDefault("CLUSTER_ID", ""));
            } catch (IllegalArgumentException e) {
                problem(b.name(), "CLUSTER_ID is not a base64 UUID: " + env.get("CLUSTER_ID"));
            }
            for (String rf : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_DEFAULT_REPLICATION_FACTOR")) {
                if (Integer.parseInt(env.getOrDefault(rf, "3")) > brokers.size()) problem(b.name(), rf + " is more than the " + brokers.size() + " brokers");
            }
        }
        for (Service b : brokers.values()) {
            Map<String, String> env = b.environment();
            Set<String> voters = new LinkedHashSet<>(List.of(env.getOrDefault("KAFKA_CONTROLLER_QUORUM_VOTERS", "").split(",")));
            if (!voters.equals(expectedVoters)) problem(b.name(), "KAFKA_CONTROLLER_QUORUM_VOTERS is " + voters + ", expected every controller: " + expectedVoters);
            for (String same : List.of("CLUSTER_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS")) {
                if (!String.valueOf(env.get(same)).equals(brokers.values().iterator().next().environment().get(same))) {
                    problem(b.name(), same + " differs from the other brokers'");
                }
            }
        }
        for (Launch l : launches) {
            VigilConfig.Kafka k = l.config().kafka;
            for (String server : k.bootstrapServers.split(",")) {
                if (!advertised.contains(server.trim())) problem(l.service().name(), "bootstrap server " + server.trim() + " is not a broker's advertised listener " + advertised);
            }
            if (k.replicationFactor > brokers.size()) problem(l.service().name(), "kafka.replication_factor " + k.replicationFactor + " is more than the " + brokers.size() + " brokers");
            int minIsr = Integer.parseInt(TopicSetup.topics(k.partitions, (short) k.replicationFactor).get(0).configs().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
            // A write is acknowledged by 2 replicas, and one broker may be down without stopping the pipeline.
            if (brokers.size() >= 3 && (minIsr < 2 || minIsr > brokers.size() - 1)) {
                problem(l.service().name(), "topics get min.insync.replicas " + minIsr + " with " + brokers.size() + " brokers; expected 2.." + (brokers.size() - 1));
            }
        }
    }

    private void checkDetectors(List<Launch> launches) {
        List<Launch> detectors = launches.stream().filter(l -> l.subcommand().equals("detector")).toList();
        if (detectors.size() < 2) problem("compose", detectors.size() + " detector instance(s); at least 2 are needed for fail-over");
        Set<String> hosts = new HashSet<>();
        Set<String> stateVolumes = new HashSet<>();
        for (Launch d : detectors) {
            Service s = d.service();
            String host = d.option("--advertised-host", "127.0.0.1");
            if (!host.equals(s.name()) && !host.equals(s.hostname())) problem(s.name(), "--advertised-host " + host + " is not this service's host name, so other instances cannot reach it");
            if (!hosts.add(host)) problem(s.name(), "--advertised-host " + host + " is used by another detector");
            if (d.config().detector.standbyReplicas < 1) problem(s.name(), "detector.standby_replicas is " + d.config().detector.standbyReplicas + "; 1 lets another instance take over at once");
            Path stateDir = d.option("--state-dir", Path.of(d.config().dataDir, "state"));
            String volume = s.volumes().stream().filter(v -> !v.startsWith(".") && !v.startsWith("/"))
                    .filter(v -> stateDir.startsWith(v.split(":")[1])).map(v -> v.split(":")[0]).findFirst().orElse(null);
            if (volume == null) problem(s.name(), "state directory " + stateDir + " is not on a named volume (state would be lost with the container)");
            else if (!stateVolumes.add(volume)) problem(s.name(), "shares state volume '" + volume + "' with another detector");
        }
    }

    /** The services that {@code name} waits for, directly or through others. */
    private Set<String> dependencies(String name) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(name));
        while (!todo.isEmpty()) {
            Service s = services.get(todo.remove(0));
            if (s == null) continue;
            for (String d : s.dependsOn().keySet()) if (seen.add(d)) todo.add(d);
        }
        return seen;
    }

    private void requireDependency(Service s, String target, String what) {
        if (!services.containsKey(target)) problem(s.name(), what + " is host '" + target + "', which is not a service");
        else if (!dependencies(s.name()).contains(target)) problem(s.name(), "does not wait for '" + target + "' (" + what + ") in depends_on");
        else if (s.dependsOn().containsKey(target) && !s.dependsOn().get(target).equals("service_healthy")) {
            problem(s.name(), "waits only for '" + target + "' to start, not to be healthy");
        }
    }

    /** The host file a container path is mounted from (bind mounts only), or null. */
    private Path hostPath(Service s, String containerPath) {
        for (String v : s.volumes()) {
            String[] parts = v.split(":");
            if (parts.length < 2 || !parts[0].startsWith(".")) continue;
            Path target = Path.of(parts[1]);
            Path wanted = Path.of(containerPath);
            if (wanted.startsWith(target)) return compose.root.resolve(parts[0]).resolve(target.relativize(wanted).toString()).normalize();
        }
        return null;
    }

    /** NAME -> port of a Kafka listener list such as {@code PLAINTEXT://:9092,CONTROLLER://:9093} (host:port for advertised ones). */
    private static Map<String, String> listeners(String list) {
        Map<String, String> m = new LinkedHashMap<>();
        if (list == null) return m;
        for (String l : list.split(",")) {
            int sep = l.indexOf("://");
            if (sep < 0) continue;
            String address = l.substring(sep + 3);
            m.put(l.substring(0, sep).trim(), address.startsWith(":") ? address.substring(1) : address);
        }
        return m;
    }

    /** ENV lines of the Dockerfile: the environment every Vigil container starts with. */
    private Map<String, String> imageEnvironment() {
        Map<String, String> env = new HashMap<>();
        Matcher m = DOCKERFILE_ENV.matcher(read(compose.root.resolve("Dockerfile")));
        while (m.find()) env.put(m.group(1), m.group(2));
        return env;
    }

    private void expect(String service, String field, String actual, String expected) {
        if (!String.valueOf(expected).equals(actual)) problem(service, field + " is " + actual + ", but the Vigil config expects " + expected);
    }

    private void problem(String service, String what) {
        problems.add(service + ": " + what);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
