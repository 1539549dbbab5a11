package org.minigpt.cli;

import org.minigpt.api.discovery.Plugins;

/**
 * Adds a subcommand to {@code minigpt}: implementations registered for {@link java.util.ServiceLoader}
 * (e.g. with {@code @AutoService(CommandFactory.class)}), on the class path or in a plugin jar, are
 * offered beside the built-in commands, as the studio is. A built-in command's name cannot be taken.
 */
public interface CommandFactory {
    /** The command, given every discovered tokenizer, model, optimizer and sampler. */
    Command create(Plugins plugins);
}
