package org.minigpt.cli.monitor;

/** Whether the user watches a terminal (a progress bar) or output goes to a file or pipe (plain lines). */
public final class Terminal {
    private Terminal() {
    }

    public static boolean isInteractive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a console even when redirected; it then tells with isTerminal().
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a console exists only when both ends are a terminal
        }
    }
}
