package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.data.TextFiles;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.chat.ChatFile;
import org.minigpt.api.MinigptException;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.train.TrainOptions;

/**
 * A run's parts, built and checked: options, optimizer, tokenizer, model, the data's batches, and the
 * effective config (defaults included). Closing it closes the model and the data.
 */
public record Setup(Config config, TrainOptions options, Optimizer optimizer, Tokenizer tokenizer, LanguageModel model,
        Path dataFile, TrainingData data, String tokenizerName, String modelName, String optimizerName)
        implements AutoCloseable {

    @Override
    public void close() {
        model.close();
        data.close();
    }
}
