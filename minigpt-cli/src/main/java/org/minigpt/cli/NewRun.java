package org.minigpt.cli;

import java.nio.file.Path;
import org.minigpt.api.config.Config;
import org.minigpt.api.plugin.Plugins;

/** {@code minigpt train} for programs that embed minigpt: the same checks, files and loop. */
public final class NewRun {
    private NewRun() {
    }

    /**
     * Trains a new run in {@code runDir} on {@code dataFile}, configured as {@code minigpt train
     * --set ...} would be; prints what {@code train} prints to {@code console}.
     *
     * @return the exit code {@code train} would give
     * @throws org.minigpt.api.MinigptException for a config or input the user can fix
     */
    public static int train(Plugins plugins, Config config, Path dataFile, Path runDir, Console console, SessionHooks hooks)
            throws Exception {
        return TrainCommand.startNew(plugins, config, runDir, () -> dataFile, console, hooks);
    }
}
