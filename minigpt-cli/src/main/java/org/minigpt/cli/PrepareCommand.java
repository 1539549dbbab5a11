package org.minigpt.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.api.tokenizer.TrainingCorpus;
import org.minigpt.core.KnownKeys;
import org.minigpt.core.Parts;
import org.minigpt.core.SavedRun;
import org.minigpt.core.corpus.CorpusFiles;
import org.minigpt.core.corpus.CorpusOptions;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.corpus.Preparation;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.cli.monitor.PrepareProgress;

/**
 * {@code minigpt prepare}: a corpus of any size tokenized once into token shards that {@code train --data DIR}
 * reads from disk.
 */
final class PrepareCommand implements Command {
    static final String OUT = "out";
    static final String TOKENIZER_FROM = "tokenizer-from";
    private final Parts parts;

    PrepareCommand(Plugins plugins) {
        this.parts = new Parts(plugins);
    }

    @Override
    public String name() {
        return "prepare";
    }

    @Override
    public String summary() {
        return "tokenize a corpus (files, folders of *.txt, globs) once into token shards that train reads from disk";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(),
                Option.builder("d").longOpt(CliOptions.DATA).hasArgs().argName("PATH")
                        .desc("a text file, a folder (its *.txt files, recursively) or a glob; repeatable").build(),
                Option.builder("o").longOpt(OUT).hasArg().argName("DIR").desc("the folder to write (new or empty)").build(),
                Option.builder().longOpt(TOKENIZER_FROM).hasArg().argName("RUN")
                        .desc("encode with this run's tokenizer instead of training one (to fine-tune RUN on the corpus)").build());
    }

    @Override
    public int run(CommandLine line, Console console) throws IOException {
        if (!line.hasOption(CliOptions.DATA) || !line.hasOption(OUT)) {
            throw new MinigptException("prepare needs --data PATH (the corpus) and --out DIR (where its shards go)");
        }
        Config config = CliOptions.configFrom(line);
        PluginConfig dataSection = config.section(CorpusOptions.SECTION);
        CorpusOptions options = CorpusOptions.from(dataSection);
        List<Path> files = CorpusFiles.of(List.of(line.getOptionValues(CliOptions.DATA)));
        Path out = Path.of(line.getOptionValue(OUT));
        Map<String, String> tokenizerConfig = new TreeMap<>();
        Function<TrainingCorpus, Tokenizer> tokenizer = line.hasOption(TOKENIZER_FROM)
                ? runTokenizer(Path.of(line.getOptionValue(TOKENIZER_FROM)), config, tokenizerConfig)
                : trainedTokenizer(config, dataSection, tokenizerConfig);
        int threads = Runtime.getRuntime().availableProcessors();
        console.err().printf("preparing %,d file%s into %s on %d thread%s%n", files.size(), files.size() == 1 ? "" : "s", out,
                threads, threads == 1 ? "" : "s");
        long start = System.nanoTime();
        Manifest manifest;
        try (PrepareProgress progress = new PrepareProgress(console.err(), console.interactive())) {
            manifest = new Preparation(options, progress, threads).prepare(files, out, tokenizer, tokenizerConfig);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        manifest.skipped().forEach(skipped -> console.err().println("skipped " + skipped.path() + ": " + skipped.reason()));
        console.out().printf("prepared %s: %,d documents%s, %,.1f MB -> %,d tokens (%s, %,d in the vocabulary) in %d shard%s,"
                        + " %.1f s (%.1f MB/s)%n", out, manifest.documents().size(),
                manifest.skipped().isEmpty() ? "" : String.format(" (%,d files skipped)", manifest.skipped().size()),
                manifest.bytes() / 1e6, manifest.tokens(),
                manifest.tokenizer().get(Plugins.TOKENIZER), manifest.vocabSize(), manifest.shards().size(),
                manifest.shards().size() == 1 ? "" : "s", seconds, manifest.bytes() / 1e6 / seconds);
        console.out().println("train on it with: minigpt train --data " + out);
        return ExitCode.OK;
    }

    /** The config's tokenizer, trained on the corpus; its keys, defaults included, are recorded. */
    private Function<TrainingCorpus, Tokenizer> trainedTokenizer(Config config, PluginConfig dataSection, Map<String, String> keys) {
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
    private Function<TrainingCorpus, Tokenizer> runTokenizer(Path runPath, Config config, Map<String, String> keys)
            throws IOException {
        config.asMap().keySet().stream().filter(key -> key.equals(Plugins.TOKENIZER) || key.startsWith(Plugins.TOKENIZER + "."))
                .findFirst().ifPresent(key -> {
                    throw new MinigptException("--" + TOKENIZER_FROM + " encodes with that run's tokenizer, so " + key
                            + " cannot be set; leave it out");
                });
        RunDirectory run = RunDirectory.open(runPath);
        if (SavedRun.isInstructionTuned(run.config())) {
            throw new MinigptException(runPath + " is instruction-tuned: it trains on conversations, not a prepared text");
        }
        Tokenizer tokenizer = SavedRun.tokenizer(parts.plugins(), run);
        run.config().asMap().forEach((key, value) -> {
            if (key.equals(Plugins.TOKENIZER) || key.startsWith(Plugins.TOKENIZER + ".")) {
                keys.put(key, value);
            }
        });
        return corpus -> tokenizer;
    }
}
