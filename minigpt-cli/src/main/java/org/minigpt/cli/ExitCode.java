package org.minigpt.cli;

/** The CLI's exit codes: what a script running {@code minigpt} can tell apart. Core speaks in exceptions, not these. */
final class ExitCode {
    static final int OK = 0;
    /** A bug or a fault of the machine: the message says to rerun with {@code --debug}. */
    static final int INTERNAL_ERROR = 1;
    /** A usage or input mistake: one line on stderr says what to fix. */
    static final int USER_ERROR = 2;

    private ExitCode() {
    }
}
