package org.minigpt.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.minigpt.cli.data.TinyShakespeare;

/** What the CLI uses when the user says nothing: the seed's plugins, and TinyShakespeare as the text. */
final class Defaults {
    static final String TOKENIZER = "char";
    static final String MODEL = "gpt";
    static final String OPTIMIZER = "adamw";
    static final String SAMPLER = "temperature";
    static final String PROMPT = "\n";
    static final int MAX_TOKENS = 200;

    private Defaults() {
    }

    /** {@code --data FILE}, else the cached TinyShakespeare (downloaded on first use). */
    static Path dataFile(CommandLine line, Console console) {
        if (line.hasOption(CliOptions.DATA)) {
            return Path.of(line.getOptionValue(CliOptions.DATA));
        }
        return TinyShakespeare.ensureCached(TinyShakespeare.cacheDirectory(console.environment()), console.err());
    }
}
