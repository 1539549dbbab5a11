package org.minigpt.core;

import java.nio.file.Path;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.train.TrainOptions;

/**
 * A run's parts, built and checked: options, optimizer, tokenizer, model, the data's batches, and the
 * effective config (defaults included). Closing it closes the model and the data.
 */
record Setup(Config config, TrainOptions options, Optimizer optimizer, Tokenizer tokenizer, LanguageModel model,
        Path dataFile, TrainingData data, String tokenizerName, String modelName, String optimizerName)
        implements AutoCloseable {

    @Override
    public void close() {
        model.close();
        data.close();
    }
}
