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
 * A config's parts built for one text and checked: options, optimizer, a tokenizer trained on the
 * text, a fresh model, the data's batches, and the effective config (defaults included). Nothing is written.
 * Closing it closes the model.
 */
public record Setup(Config config, TrainOptions options, Optimizer optimizer, Tokenizer tokenizer, LanguageModel model,
        Path dataFile, TrainingData data, String tokenizerName, String modelName, String optimizerName)
        implements AutoCloseable {

    /**
     * Builds {@code config}'s parts for the text in the file {@code dataFile} names.
     *
     * @param dataFile asked once the options and plugin names have passed their checks, so a bad key never
     *     starts a download
     * @throws org.minigpt.api.config.ConfigException for a value out of range or a key no plugin reads
     */
    public static Setup of(Parts parts, Config config, Supplier<Path> dataSource) {
        PluginConfig trainSection = config.section("train");
        TrainOptions options = TrainOptions.from(trainSection);
        TokenizerFactory tokenizers = parts.tokenizer(config);
        parts.model(config);
        PluginConfig optimizerSection = config.section(Plugins.OPTIMIZER);
        Optimizer optimizer = parts.optimizer(config).create(optimizerSection);
        Sections read = new Sections(trainSection, optimizerSection, options, optimizer);
        options.schedule(optimizer.learningRate());
        Path dataFile = dataSource.get();
        if (ChatFile.isChatData(dataFile)) {
            throw new MinigptException(dataFile + " is chat data, which tunes a pretrained run: set " + Origin.INIT_FROM
                    + " to one (train --init-from RUN), or train on a text first");
        }

        if (PreparedCorpus.isFolder(dataFile)) {
            return onCorpus(parts, config, read, PreparedCorpus.open(dataFile));
        }
        String text;
        Tokenizer tokenizer;
        int[] tokens;
        PluginConfig tokenizerSection = config.section(Plugins.TOKENIZER);
        try {
            text = TextFiles.readUtf8(dataFile);
            tokenizer = tokenizers.train(text, tokenizerSection);
            tokens = tokenizer.encode(text);
        } catch (OutOfMemoryError e) {
            throw TextFiles.tooLarge(dataFile, dataFile.toFile().length(), Runtime.getRuntime().maxMemory());
        }
        return assemble(parts, config, read, tokenizer, dataFile, tokenizerSection,
                contextLength -> RunData.text(text, tokens, tokenizer, options, contextLength));
    }

    /** A new run on a prepared corpus: the corpus's tokenizer, loaded; the user's tokenizer keys must be its own. */
    private static Setup onCorpus(Parts parts, Config userConfig, Sections read, PreparedCorpus corpus) {
        TrainOptions options = read.options();
        Config config = corpus.withTokenizer(userConfig);
        Tokenizer tokenizer;
        try {
            tokenizer = corpus.tokenizer(parts.tokenizer(config));
        } catch (IOException e) {
            throw new MinigptException("cannot read the tokenizer of " + corpus.folder() + ": " + e.getMessage());
        }
        return assemble(parts, config, read, tokenizer, corpus.folder(), config.section(Plugins.TOKENIZER),
                contextLength -> RunData.prepared(corpus, tokenizer, options, contextLength));
    }

    /** The sections a new run read before its data, and what it made of them. */
    private record Sections(PluginConfig train, PluginConfig optimizerSection, TrainOptions options, Optimizer optimizer) {
    }

    private static Setup assemble(Parts parts, Config config, Sections read, Tokenizer tokenizer, Path dataFile,
            PluginConfig tokenizerSection, IntFunction<TrainingData> dataFor) {
        PluginConfig trainSection = read.train();
        PluginConfig optimizerSection = read.optimizerSection();
        TrainOptions options = read.options();
        Optimizer optimizer = read.optimizer();
        PluginConfig modelSection = config.section(Plugins.MODEL);
        TokenizerFactory tokenizers = parts.tokenizer(config);
        ModelFactory models = parts.model(config);
        OptimizerFactory optimizers = parts.optimizer(config);
        LanguageModel model = models.create(modelSection, tokenizer.vocabSize(), options.seed());
        TrainingData data = null;
        try {
            model.requireTrainingFits(options.batchSize());
            data = dataFor.apply(model.contextLength());
            KnownKeys.require(config, trainSection, tokenizerSection, modelSection, optimizerSection);
            Config effective = effective(config, Map.of(Plugins.TOKENIZER, tokenizers.name(), Plugins.MODEL, models.name(),
                    Plugins.OPTIMIZER, optimizers.name()), dataFile, trainSection, tokenizerSection, modelSection, optimizerSection);
            return new Setup(effective, options, optimizer, tokenizer, model, dataFile, data, tokenizers.name(), models.name(),
                    optimizers.name());
        } catch (RuntimeException e) {
            model.close();
            if (data != null) {
                data.close();
            }
            throw e;
        }
    }

    /**
     * The configuration a run saves: {@code config} with the plugins' names, the text's file and checksum,
     * and every value the {@code read} sections read, defaults included.
     */
    static Config effective(Config config, Map<String, String> names, Path dataFile, PluginConfig... read) {
        Map<String, String> effective = new TreeMap<>(config.asMap());
        effective.putAll(names);
        effective.put(RunDirectory.DATA_FILE, dataFile.toAbsolutePath().normalize().toString());
        effective.put(RunDirectory.DATA_SHA256, RunData.checksum(dataFile));
        for (PluginConfig section : read) {
            effective.putAll(section.resolved());
        }
        return Config.of(effective);
    }

    @Override
    public void close() {
        model.close();
        data.close();
    }
}
