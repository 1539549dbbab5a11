package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.internal.chat.ChatFile;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.data.DataProblem;
import org.minigpt.core.data.TextFiles;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.train.TrainOptions;

/** A run from random weights: a tokenizer trained on the text (or a prepared corpus's own) and a fresh model. */
final class NewRunSource implements RunSource {
    private final Parts parts;
    private final Config config;
    private final Path run;
    private final Supplier<Path> data;
    private PluginConfig modelSection;
    private final RunLease lease;

    NewRunSource(Parts parts, Config config, Path run, Supplier<Path> data) {
        this.parts = parts;
        this.config = config;
        this.run = run;
        this.data = data;
        this.lease = RunLease.whenWriting(run);
    }

    @Override
    public Config config() {
        parts.tokenizer(config); // plugin names are checked before the data is asked for
        parts.model(config);
        return config;
    }

    @Override
    public void beforeData(TrainOptions options) {
        RunDirectory.requireNew(run);
    }

    @Override
    public Path dataFile() {
        Path file = data.get();
        if (ChatFile.isChatData(file)) {
            throw DataProblem.chatNeedsOrigin(file, Origin.INIT_FROM);
        }
        return file;
    }

    @Override
    public Tokens tokens(Config config, Path dataFile, TrainOptions options) throws IOException {
        if (PreparedCorpus.isFolder(dataFile)) {
            PreparedCorpus corpus = PreparedCorpus.open(dataFile);
            Config withCorpus = corpus.withTokenizer(config);
            Tokenizer tokenizer = corpus.tokenizer(parts.tokenizer(withCorpus));
            return new Tokens(withCorpus, tokenizer, List.of(withCorpus.section(Plugins.TOKENIZER)),
                    contextLength -> RunData.prepared(corpus, tokenizer, options, contextLength));
        }
        TokenizerFactory tokenizers = parts.tokenizer(config);
        PluginConfig tokenizerSection = config.section(Plugins.TOKENIZER);
        String text;
        Tokenizer tokenizer;
        int[] ids;
        try {
            text = TextFiles.readUtf8(dataFile);
            tokenizer = tokenizers.train(text, tokenizerSection);
            ids = tokenizer.encode(text);
        } catch (OutOfMemoryError e) {
            throw TextFiles.tooLarge(dataFile, dataFile.toFile().length(), Runtime.getRuntime().maxMemory());
        }
        return new Tokens(config, tokenizer, List.of(tokenizerSection), contextLength -> RunData.text(text, ids, tokenizer, options,
                contextLength));
    }

    @Override
    public List<Start> starts(Tokens tokens, TrainOptions options) {
        modelSection = tokens.config().section(Plugins.MODEL);
        return List.of(Start.fresh(() -> parts.model(tokens.config()).create(modelSection, tokens.tokenizer().vocabSize(),
                options.seed())));
    }

    @Override
    public Result finish(Tokens tokens, List<PluginConfig> read, Path dataFile, LanguageModel model, TrainingData data,
            TrainOptions options, long stepRows) {
        Config config = tokens.config();
        List<PluginConfig> all = new java.util.ArrayList<>(read);
        all.add(modelSection);
        KnownKeys.require(config, all.toArray(PluginConfig[]::new));
        return new Result(RunAssembly.effective(config, Map.of(Plugins.TOKENIZER, parts.tokenizer(config).name(),
                Plugins.MODEL, parts.model(config).name(), Plugins.OPTIMIZER, parts.optimizer(config).name()), dataFile, all),
                Optional.empty());
    }

    @Override
    public RunLease lease() {
        return lease;
    }
}
