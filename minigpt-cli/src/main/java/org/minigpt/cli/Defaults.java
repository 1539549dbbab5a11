package org.minigpt.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.minigpt.cli.data.TinyShakespeare;

/** What the CLI uses when the user says nothing: the seed's plugins, and TinyShakespeare as the text. */
public final class Defaults {
    public static final String TOKENIZER = "char";
    public static final String MODEL = "gpt";
    public static final String OPTIMIZER = "adamw";
    public static final String SAMPLER = "temperature";
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
