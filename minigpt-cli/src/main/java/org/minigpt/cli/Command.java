package org.minigpt.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One subcommand of {@code minigpt}; more come from {@link CommandFactory} plugins. */
public interface Command {
    /** The word that selects it, e.g. {@code train}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The arguments after the options, for the usage line, e.g. {@code ""}. */
    default String operands() {
        return "";
    }

    Options options();

    /** Runs the command; returns the exit code. User errors are thrown as MinigptException. */
    int run(CommandLine line, Console console) throws Exception;
}
