package org.minigpt.api.model;

import java.io.IOException;
import java.nio.file.Path;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.plugin.PluginFactory;

/** Makes {@link LanguageModel}s; selected by {@code model=<name>}, configured under {@code model.}. */
public interface ModelFactory extends PluginFactory {
    /** A new model with weights initialised from {@code seed}. */
    LanguageModel create(PluginConfig config, int vocabSize, long seed);

    /** The model a run saved with {@link LanguageModel#save}, built from the run's config. */
    LanguageModel load(Path runDir, PluginConfig config, int vocabSize) throws IOException;
}
