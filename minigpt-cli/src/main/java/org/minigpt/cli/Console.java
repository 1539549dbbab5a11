package org.minigpt.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Where a command writes (results on {@code out}, problems on {@code err}), what it reads when it asks
 * ({@code in}, e.g. chat's turns through a pipe) and the environment it reads.
 */
public record Console(PrintStream out, PrintStream err, Map<String, String> environment, InputStream in) {
    /** A console whose input is the process's standard input. */
    public Console(PrintStream out, PrintStream err, Map<String, String> environment) {
        this(out, err, environment, System.in);
    }

    public static Console system() {
        return new Console(System.out, System.err, System.getenv());
    }

    /** Whether a person types at a terminal: false when input comes through a pipe or from a file. */
    public boolean interactive() {
        return in == System.in && System.console() != null;
    }
}
