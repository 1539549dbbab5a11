package org.minigpt.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.minigpt.core.data.TinyShakespeare;

/** What the CLI uses when the user says nothing (the plugins' defaults are {@link org.minigpt.core.Parts}'s). */
public final class Defaults {
    static final String PROMPT = "\n";
    static final int MAX_TOKENS = 200;

    private Defaults() {
    }

    /** {@code --data FILE}, else the cached TinyShakespeare (downloaded on first use). */
    public static Path dataFile(CommandLine line, Console console) {
        if (line.hasOption(CliOptions.DATA)) {
            return Path.of(line.getOptionValue(CliOptions.DATA));
        }
        return TinyShakespeare.ensureCached(TinyShakespeare.cacheDirectory(console.environment()), console.err());
    }
}
