package io.vigil.app;

import io.vigil.common.config.ConfigException;
import io.vigil.common.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", description = "Work with vigil.yml.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

    @Command(name = "check", description = "Validate a config file and print every error (field path and bad value).")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try {
                var c = ConfigLoader.load(file);
                spec.commandLine().getOut().printf("%s: OK (%d cameras, model %s)%n", file, c.cameras.size(), c.detector.model);
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().printf("%s: %d error(s)%n", file, e.errors().size());
                e.errors().forEach(err -> spec.commandLine().getErr().println("  " + err));
                return 2;
            }
        }
    }
}
