package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.train.TrainOptions;

/**
 * What differs between the ways a run starts — new, resumed, or fine-tuned from a trained run (on a text or
 * on chat data). {@link RunAssembly} asks each the same questions in the same order.
 */
interface RunSource {
    /** The run's config before its data is read: the user's, with what this source keeps of a saved run. */
    Config config();

    /** Checks that need the options but not the data: the data is asked for only once they pass. */
    void beforeData(TrainOptions options);

    Path dataFile();

    /** The tokenizer for the data, and how the data is read once the model's window is known. */
    Tokens tokens(Config config, Path dataFile, TrainOptions options) throws IOException;

    /** The models to train, best first: a resumed run falls back to an older checkpoint when one does not load. */
    List<Start> starts(Tokens tokens, TrainOptions options) throws IOException;

    /**
     * The config the run saves (defaults included), and the run it starts from, if any, scored on held-out batches of
     * the {@code stepRows} windows a step trains on, as the run's evaluations are.
     */
    Result finish(Tokens tokens, List<PluginConfig> read, Path dataFile, LanguageModel model, TrainingData data,
            TrainOptions options, long stepRows);

    /** The run's claim on its folder: a resumed run's lock, held from the start; a new run's, taken when it writes. */
    RunLease lease();

    /** The plugin names a run shows in its plan. */
    record Names(String tokenizer, String model, String optimizer) {
    }

    /**
     * @param config the run's config once the data has been looked at (a prepared corpus brings its tokenizer)
     * @param read the sections read for the tokenizer and the data, checked for unknown keys and saved
     */
    record Tokens(Config config, Tokenizer tokenizer, List<PluginConfig> read, IntFunction<TrainingData> data) {
    }

    /** A model to start from, and the checkpoint whose optimizer state it continues (a resumed run's). */
    record Start(Loader loader, Optional<Checkpoint> resumes) {
        /** A model whose optimizer starts afresh. */
        static Start fresh(Loader loader) {
            return new Start(loader, Optional.empty());
        }
    }

    /** Makes or loads a model. */
    interface Loader {
        /** @throws Unloadable when an older start should be tried instead */
        LanguageModel load() throws IOException;
    }

    record Result(Config effective, Optional<Origin> origin) {
    }

    /** A checkpoint that does not load whole: the run resumes from an older one, saying why. */
    final class Unloadable extends MinigptException {
        private static final long serialVersionUID = 1L;

        Unloadable(String message) {
            super(message);
        }
    }
}
