package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.api.tokenizer.TrainingCorpus;
import org.minigpt.core.internal.corpus.CorpusFiles;
import org.minigpt.core.internal.corpus.CorpusOptions;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.internal.corpus.Preparation;
import org.minigpt.core.corpus.PrepareListener;
import org.minigpt.core.run.RunDirectory;

/**
 * A corpus to tokenize once into shards, checked: its files found, its {@code data.} and tokenizer keys known,
 * and its tokenizer either trained on it (the config's) or a trained run's own.
 */
public final class CorpusPreparation {
    private final CorpusOptions options;
    private final List<Path> files;
    private final Function<TrainingCorpus, Tokenizer> tokenizer;
    private final Map<String, String> tokenizerConfig;

    private CorpusPreparation(CorpusOptions options, List<Path> files, Function<TrainingCorpus, Tokenizer> tokenizer,
            Map<String, String> tokenizerConfig) {
        this.options = options;
        this.files = files;
        this.tokenizer = tokenizer;
        this.tokenizerConfig = tokenizerConfig;
    }

    /**
     * @param paths text files, folders (their {@code *.txt}, recursively) or globs
     * @param tokenizerRun a trained run whose tokenizer encodes the corpus (to fine-tune it on the corpus); empty
     *     to train the config's tokenizer on it
     * @throws MinigptException for a path that names nothing, a misspelt key, or a run that cannot lend its tokenizer
     */
    public static CorpusPreparation of(Parts parts, Config config, List<String> paths, Optional<Path> tokenizerRun)
            throws IOException {
        PluginConfig dataSection = config.section(CorpusOptions.SECTION);
        CorpusOptions options = CorpusOptions.from(dataSection);
        List<Path> files = CorpusFiles.of(paths);
        Map<String, String> tokenizerConfig = new TreeMap<>();
        Function<TrainingCorpus, Tokenizer> tokenizer = tokenizerRun.isPresent()
                ? runTokenizer(parts, tokenizerRun.get(), config, tokenizerConfig)
                : trainedTokenizer(parts, config, dataSection, tokenizerConfig);
        return new CorpusPreparation(options, files, tokenizer, tokenizerConfig);
    }

    /** The corpus's files, in the order they are read. */
    public List<Path> files() {
        return files;
    }

    /** Writes the shards, the tokenizer and the manifest into {@code out} (new or empty), encoding on {@code threads}. */
    public Manifest prepare(Path out, PrepareListener listener, int threads) throws IOException {
        return new Preparation(options, listener, threads).prepare(files, out, tokenizer, tokenizerConfig);
    }

    /** The config's tokenizer, trained on the corpus; its keys, defaults included, are recorded. */
    private static Function<TrainingCorpus, Tokenizer> trainedTokenizer(Parts parts, Config config, PluginConfig dataSection,
            Map<String, String> keys) {
        TokenizerFactory factory = parts.tokenizer(config);
        PluginConfig section = config.section(Plugins.TOKENIZER);
        // A misspelt key is refused before a pass over the corpus, from the settings' descriptors (a plugin that
        // describes none has its keys checked once it has read them, below).
        Map<String, List<Setting<?>>> described = new TreeMap<>(Map.of(CorpusOptions.SECTION, CorpusOptions.SETTINGS));
        if (!factory.settings().isEmpty()) {
            described.put(Plugins.TOKENIZER, factory.settings());
        }
        KnownKeys.requireDescribed(config, described);
        return corpus -> {
            Tokenizer tokenizer = factory.train(corpus, section);
            KnownKeys.require(config, section, dataSection);
            keys.put(Plugins.TOKENIZER, factory.name());
            keys.putAll(section.resolved());
            return tokenizer;
        };
    }

    /** A trained run's tokenizer, with that run's tokenizer keys. */
    private static Function<TrainingCorpus, Tokenizer> runTokenizer(Parts parts, Path runPath, Config config,
            Map<String, String> keys) throws IOException {
        config.asMap().keySet().stream().filter(ConfigOverrides::isTokenizerKey).findFirst().ifPresent(key -> {
            throw new MinigptException("the corpus is encoded with the tokenizer of " + runPath + ", so " + key
                    + " cannot be set; leave it out");
        });
        RunDirectory run = RunDirectory.open(runPath);
        if (SavedRun.isInstructionTuned(run.config())) {
            throw new MinigptException(runPath + " is instruction-tuned: it trains on conversations, not a prepared text");
        }
        Tokenizer tokenizer = SavedRun.tokenizer(parts.plugins(), run);
        run.config().asMap().forEach((key, value) -> {
            if (ConfigOverrides.isTokenizerKey(key)) {
                keys.put(key, value);
            }
        });
        return corpus -> tokenizer;
    }
}
