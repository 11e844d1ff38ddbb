package io.vigil.app;

import io.vigil.app.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Streaming video surveillance: cameras -> Kafka -> CNN -> alerts.",
        subcommands = {UpCommand.class, IngestCommand.class, DetectorCommand.class, SinkCommand.class, NotifyCommand.class,
                ReplayCommand.class, ExportCommand.class, DetectCommand.class, BenchCommand.class, ConfigCommand.class, EvalCommand.class})
public final class Vigil {

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Vigil())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // Operators get the message naming the camera/file/field, not a stack trace.
                    cmd.getErr().println("vigil " + cmd.getCommandName() + ": " + message(e));
                    if (Boolean.getBoolean("vigil.debug")) e.printStackTrace(cmd.getErr());
                    return 1;
                });
    }

    static String message(Throwable e) {
        StringBuilder m = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !m.toString().contains(c.getMessage())) m.append(": ").append(c.getMessage());
        }
        return m.toString();
    }
}
