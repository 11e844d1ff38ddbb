package io.vigil.app;

import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that read vigil.yml. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: ./vigil.yml if it exists, else built-in defaults).")
    Path file;

    public VigilConfig load() {
        Path f = file;
        if (f == null && Path.of("vigil.yml").toFile().isFile()) f = Path.of("vigil.yml");
        return ConfigLoader.load(f);
    }
}
