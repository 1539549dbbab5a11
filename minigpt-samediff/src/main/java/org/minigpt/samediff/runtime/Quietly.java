package org.minigpt.samediff.runtime;

import java.io.OutputStream;
import java.io.PrintStream;

/** Runs code with {@code System.out} muted. */
public final class Quietly {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private Quietly() {
    }

    /**
     * SameDiff M2.1 prints a line per op to System.out (not through its logger) while it builds the
     * gradient graph; the CLI's output is for the user, so that is muted.
     */
    public static synchronized void run(Runnable action) {
        PrintStream out = System.out;
        System.setOut(NOWHERE);
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
    }
}
