package org.minigpt.api;

/**
 * A problem the user can fix: bad input, a missing file, an unknown plugin. Its message is one line
 * that says what is wrong and how to fix it; the CLI prints it without a stack trace.
 */
public class MinigptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MinigptException(String message) {
        super(message);
    }

    public MinigptException(String message, Throwable cause) {
        super(message, cause);
    }
}
