package org.minigpt.cli;

import java.io.PrintStream;
import java.util.Map;

/** Where a command writes (results on {@code out}, problems on {@code err}) and the environment it reads. */
public record Console(PrintStream out, PrintStream err, Map<String, String> environment) {
    public static Console system() {
        return new Console(System.out, System.err, System.getenv());
    }
}
