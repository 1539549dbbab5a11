package org.minigpt.api.model;

import java.io.IOException;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.plugin.PluginFactory;

/** Makes {@link LanguageModel}s; selected by {@code model=<name>}, configured under {@code model.}. */
public interface ModelFactory extends PluginFactory {
    /** A new model with weights initialised from {@code seed}. */
    LanguageModel create(PluginConfig config, int vocabSize, long seed);

    /** The model a run saved with {@link LanguageModel#save}, built from the run's config. */
    LanguageModel load(Path runDir, PluginConfig config, int vocabSize) throws IOException;

    /**
     * The model a run saved over {@code savedVocabSize} tokens, given rows for {@code vocabSize - savedVocabSize}
     * more appended after them (a tokenizer that gained special tokens). The saved tokens' weights are kept, so
     * the new model's logits for them are the saved model's; the new tokens start where the model thinks fit.
     *
     * @throws MinigptException when this model cannot add tokens
     */
    default LanguageModel loadWithMoreTokens(Path runDir, PluginConfig config, int savedVocabSize, int vocabSize)
            throws IOException {
        throw new MinigptException("model=" + name() + " cannot add tokens to a trained vocabulary");
    }
}
