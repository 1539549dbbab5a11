package org.minigpt.api.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.plugin.PluginFactory;

/** Makes {@link Tokenizer}s; selected by {@code tokenizer=<name>}, configured under {@code tokenizer.}. */
public interface TokenizerFactory extends PluginFactory {
    /** A tokenizer for {@code trainingText}; tokenizers with a learned vocabulary learn it here. */
    Tokenizer train(String trainingText, PluginConfig config);

    /**
     * A tokenizer for a corpus too large to hold as one string ({@code minigpt prepare}). By default it
     * learns from the corpus's {@link TrainingCorpus#sample}; a tokenizer that can learn in one pass
     * over all of it (a char alphabet) overrides this.
     */
    default Tokenizer train(TrainingCorpus corpus, PluginConfig config) {
        return train(corpus.sample(), config);
    }

    /** Whether its tokenizers encode every text, whatever they were trained on (byte-level ones do); a char vocabulary does not. */
    default boolean encodesAnyText() {
        return false;
    }

    /** The tokenizer a run saved with {@link Tokenizer#save}. */
    Tokenizer load(Path runDir, PluginConfig config) throws IOException;
}
