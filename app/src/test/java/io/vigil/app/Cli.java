package io.vigil.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the vigil command line in this JVM, as a user would from the shell, and keeps what it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Vigil.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    String lastLine() {
        List<String> lines = outLines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
