package org.minigpt.api;

import java.nio.file.Path;

/**
 * A problem of a known kind about one path, with a detail: its message speaks of what the user named, and a front
 * end can word the remedy in its own terms (a command line names its options) from the kind and the facts.
 */
public abstract class TypedProblem extends MinigptException {
    private static final long serialVersionUID = 1L;

    private final Enum<?> kind;
    private final transient Path subject;
    private final String detail;

    protected TypedProblem(Enum<?> kind, Path subject, String detail, String message) {
        super(message);
        this.kind = kind;
        this.subject = subject;
        this.detail = detail;
    }

    /** The kind, which each subclass returns as its own enum (Java allows no generic exceptions). */
    protected Enum<?> kindOf() {
        return kind;
    }

    /** The run directory, file or folder the problem is about. */
    public Path subject() {
        return subject;
    }

    /** What else the kind needs to be worded (its subclass says what); "" when nothing. */
    public String detail() {
        return detail;
    }
}
