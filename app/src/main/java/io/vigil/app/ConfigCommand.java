package io.vigil.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.common.config.ConfigException;
import io.vigil.common.config.ConfigLoader;
import io.vigil.common.config.ConfigSchema;
import io.vigil.common.config.VigilConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", description = "Work with vigil.yml.", subcommands = {ConfigCommand.Check.class, ConfigCommand.Schema.class})
final class ConfigCommand {

    @Command(name = "check", description = "Validate a config file against the schema and print every error (field path and bad value).")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try {
                VigilConfig c = ConfigLoader.load(file);
                buildSettings(c);
                spec.commandLine().getOut().printf("%s: OK (%d cameras, model %s)%n", file, c.cameras.size(), c.detector.model);
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().printf("%s: %d error(s)%n", file, e.errors().size());
                e.errors().forEach(err -> spec.commandLine().getErr().println("  " + err));
                return 2;
            }
        }

        /** What every service builds from the config: a config that passes here starts them all. */
        private void buildSettings(VigilConfig c) {
            try {
                ConfigMapping.cameras(c);
                ConfigMapping.detector(c);
                ConfigMapping.model(c);
                ConfigMapping.sink(c, c.sink.httpPort);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file.toString(), List.of(e.getMessage()));
            }
        }
    }

    @Command(name = "schema", description = "Print the JSON Schema of vigil.yml (draft 2020-12), e.g. for an editor's YAML language server.")
    static final class Schema implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(ConfigSchema.generate()));
            return 0;
        }
    }
}
