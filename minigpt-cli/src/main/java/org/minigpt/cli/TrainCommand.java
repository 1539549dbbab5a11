package org.minigpt.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.plugin.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.cli.data.TextFiles;
import org.minigpt.cli.data.TinyShakespeare;
import org.minigpt.cli.data.TokenSplit;
import org.minigpt.cli.monitor.MetricsCsv;
import org.minigpt.cli.run.Checkpoint;
import org.minigpt.cli.run.Checkpoints;
import org.minigpt.cli.run.RunDirectory;
import org.minigpt.cli.train.LearningRateSchedule;
import org.minigpt.cli.train.TrainOptions;
import org.minigpt.cli.train.Training;

/**
 * {@code minigpt train}: tokenizer, model and optimizer from config; train with evaluation,
 * checkpoints, metrics and a loss plot; or {@code --resume} a run from its latest checkpoint.
 */
final class TrainCommand implements Command {
    static final String DATA_FILE = "data.file";
    static final String DATA_SHA256 = "data.sha256";

    private final Plugins plugins;

    TrainCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a model on a text and save it in a run directory; or resume a run";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(), CliOptions.data(),
                CliOptions.run("where to save the run (default: runs/<date-time>); must not hold a run already"),
                CliOptions.resume(), CliOptions.metricsPort());
    }

    /** What the opening lines describe, whether the run is new or resumed. */
    private record Setup(RunDirectory run, Config config, TrainOptions options, TokenizerFactory tokenizers,
            ModelFactory models, OptimizerFactory optimizers, Path dataFile, String text) {
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        Integer metricsPort = line.hasOption(CliOptions.METRICS_PORT)
                ? CliOptions.intOption(line, CliOptions.METRICS_PORT, 0, 0) : null;
        return line.hasOption(CliOptions.RESUME) ? resume(line, console, metricsPort) : start(line, console, metricsPort);
    }

    private int start(CommandLine line, Console console, Integer metricsPort) throws Exception {
        Config config = CliOptions.configFrom(line);
        Path runPath = line.hasOption(CliOptions.RUN)
                ? Path.of(line.getOptionValue(CliOptions.RUN))
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Supplier<Path> dataFile = () -> line.hasOption(CliOptions.DATA) || config.get(DATA_FILE).isEmpty()
                ? Defaults.dataFile(line, console)
                : Path.of(config.get(DATA_FILE).get());
        return startNew(plugins, config, runPath, dataFile, console, SessionHooks.commandLine(metricsPort));
    }

    /** A new run at {@code runPath}; {@code dataFile} is asked for once the config has passed its checks. */
    static int startNew(Plugins plugins, Config config, Path runPath, Supplier<Path> dataFileSource, Console console,
            SessionHooks hooks) throws Exception {
        // Everything that can be checked is checked before the text is read or a file is written.
        PluginConfig trainSection = config.section("train");
        TrainOptions options = TrainOptions.from(trainSection);
        TokenizerFactory tokenizers = plugins.tokenizers().get(config.pluginName(Plugins.TOKENIZER, Defaults.TOKENIZER));
        ModelFactory models = plugins.models().get(config.pluginName(Plugins.MODEL, Defaults.MODEL));
        OptimizerFactory optimizers = plugins.optimizers().get(config.pluginName(Plugins.OPTIMIZER, Defaults.OPTIMIZER));
        PluginConfig optimizerSection = config.section(Plugins.OPTIMIZER);
        Optimizer optimizer = optimizers.create(optimizerSection);
        options.schedule(optimizer.learningRate());
        RunDirectory.requireNew(runPath);

        Path dataFile = dataFileSource.get();
        String text = TextFiles.readUtf8(dataFile);
        PluginConfig tokenizerSection = config.section(Plugins.TOKENIZER);
        Tokenizer tokenizer = tokenizers.train(text, tokenizerSection);
        int[] tokens = tokenizer.encode(text);
        PluginConfig modelSection = config.section(Plugins.MODEL);
        try (LanguageModel model = models.create(modelSection, tokenizer.vocabSize(), options.seed())) {
            TokenSplit split = TokenSplit.of(tokens, options.valFraction(), model.contextLength() + 1);
            KnownKeys.require(config, trainSection, tokenizerSection, modelSection, optimizerSection);

            RunDirectory run = RunDirectory.create(runPath);
            Map<String, String> effective = new TreeMap<>(config.asMap());
            effective.put(Plugins.TOKENIZER, tokenizers.name());
            effective.put(Plugins.MODEL, models.name());
            effective.put(Plugins.OPTIMIZER, optimizers.name());
            effective.put(DATA_FILE, dataFile.toAbsolutePath().normalize().toString());
            effective.put(DATA_SHA256, TinyShakespeare.sha256(dataFile));
            for (PluginConfig section : new PluginConfig[] {trainSection, tokenizerSection, modelSection, optimizerSection}) {
                effective.putAll(section.resolved());
            }
            run.saveConfig(Config.of(effective));
            tokenizer.save(run.path());

            Setup setup = new Setup(run, Config.of(effective), options, tokenizers, models, optimizers, dataFile, text);
            describe(setup, tokenizer, model, tokens, split, console);
            return new TrainingSession(run, setup.config(), options, optimizer, console, hooks)
                    .run(model, tokenizer, split, Optional.empty());
        }
    }

    private int resume(CommandLine line, Console console, Integer metricsPort) throws Exception {
        if (line.hasOption(CliOptions.RUN) || line.hasOption(CliOptions.DATA)) {
            throw new MinigptException("--resume continues a run in its own directory on its own text;"
                    + " leave out --run and --data");
        }
        RunDirectory run = RunDirectory.open(Path.of(line.getOptionValue(CliOptions.RESUME)));
        Config runConfig = run.config();
        Config config = runConfig.with(resumableOverrides(CliOptions.configFrom(line), runConfig));
        TrainOptions options = TrainOptions.from(config.section("train"));
        TokenizerFactory tokenizers = plugins.tokenizers().get(runConfig.pluginName(Plugins.TOKENIZER, Defaults.TOKENIZER));
        ModelFactory models = plugins.models().get(runConfig.pluginName(Plugins.MODEL, Defaults.MODEL));
        OptimizerFactory optimizers = plugins.optimizers().get(runConfig.pluginName(Plugins.OPTIMIZER, Defaults.OPTIMIZER));
        Optimizer optimizer = optimizers.create(config.section(Plugins.OPTIMIZER));
        options.schedule(optimizer.learningRate());

        Checkpoints checkpoints = new Checkpoints(run.path());
        List<Checkpoint> candidates = checkpoints.newestFirst();
        if (candidates.isEmpty()) {
            throw new MinigptException(run.path() + " has no checkpoint to resume from (it stopped before its first);"
                    + " start it again with: minigpt train --run DIR");
        }
        if (candidates.get(0).state().step() >= options.steps()) {
            throw new MinigptException(run.path() + " already finished its " + candidates.get(0).state().step()
                    + " steps; to train on, raise train.steps, e.g. --set train.steps=" + 2 * options.steps());
        }
        Path dataFile = Path.of(runConfig.get(DATA_FILE).orElseThrow(() ->
                new MinigptException(run.path() + "/" + RunDirectory.CONFIG_FILE + " has no " + DATA_FILE)));
        String text = TextFiles.readUtf8(dataFile);
        String expected = runConfig.get(DATA_SHA256).orElse("");
        if (!expected.isEmpty() && !expected.equals(TinyShakespeare.sha256(dataFile))) {
            throw new MinigptException(dataFile + " changed since the run started (its sha256 differs from "
                    + DATA_SHA256 + " in " + RunDirectory.CONFIG_FILE + "); restore it to resume");
        }
        Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
        int[] tokens = tokenizer.encode(text);

        checkpoints.damaged().forEach(problem -> console.err().println("note: " + problem));
        for (Checkpoint checkpoint : candidates) {
            LanguageModel model;
            try {
                model = models.load(checkpoint.path(), runConfig.section(Plugins.MODEL), tokenizer.vocabSize());
            } catch (ConfigException e) {
                throw run.mismatch(e);
            } catch (MinigptException e) {
                console.err().println("note: " + e.getMessage() + "; trying an older checkpoint");
                continue;
            }
            try (model) {
                TokenSplit split = TokenSplit.of(tokens, options.valFraction(), model.contextLength() + 1);
                new MetricsCsv(run.path()).truncateAfter(checkpoint.state().step());
                run.saveConfig(config); // the train keys --set changed, for info and the next resume
                Setup setup = new Setup(run, config, options, tokenizers, models, optimizers, dataFile, text);
                describe(setup, tokenizer, model, tokens, split, console);
                console.out().printf("resuming   from %s (step %d)%n", checkpoint.path(), checkpoint.state().step());
                return new TrainingSession(run, config, options, optimizer, console, SessionHooks.commandLine(metricsPort))
                    .run(model, tokenizer, split, Optional.of(checkpoint));
            } catch (Training.UnloadableCheckpoint e) {
                console.err().println("note: " + e.getMessage() + "; trying an older checkpoint");
            }
        }
        throw new MinigptException("no checkpoint of " + run.path() + " could be loaded; train the run again");
    }

    /** A resumed run keeps what it has learnt from: only the {@link TrainOptions#RESUMABLE} keys may change. */
    private static Map<String, String> resumableOverrides(Config user, Config runConfig) {
        Map<String, String> overrides = new TreeMap<>();
        user.asMap().forEach((key, value) -> {
            if (value.equals(runConfig.get(key).orElse(null))) {
                return;
            }
            if (runConfig.get(key).isEmpty()) {
                // The run's config holds every key its plugins read, defaults included: anything else is unknown.
                runConfig.with(key, value).requireKnown(runConfig.asMap().keySet(), known -> false);
            }
            if (!key.startsWith("train.") || !TrainOptions.RESUMABLE.contains(key.substring("train.".length()))) {
                throw new ConfigException("a resumed run cannot change " + key + " (it is " + runConfig.get(key).orElse("unset")
                        + "); it may change train." + String.join(", train.", TrainOptions.RESUMABLE.stream().sorted().toList()));
            }
            overrides.put(key, value);
        });
        return overrides;
    }

    private static void describe(Setup setup, Tokenizer tokenizer, LanguageModel model, int[] tokens, TokenSplit split,
            Console console) {
        TrainOptions options = setup.options();
        console.out().printf("data       %s (%,d characters, %,d tokens: %,d train, %,d validation)%n",
                setup.dataFile(), setup.text().length(), tokens.length, split.train().length, split.validation().length);
        console.out().printf("tokenizer  %s, %d tokens%n", setup.tokenizers().name(), tokenizer.vocabSize());
        console.out().printf("model      %s %s, %,d parameters%n", setup.models().name(),
                settings(setup.config(), Plugins.MODEL), model.parameterTotal());
        console.out().printf("optimizer  %s %s%n", setup.optimizers().name(), settings(setup.config(), Plugins.OPTIMIZER));
        String schedule = options.lrSchedule().equals(LearningRateSchedule.CONSTANT) ? "constant lr"
                : String.format("warmup %d, cosine to %s", options.warmupSteps(), options.minLr());
        console.out().printf("training   %d steps of %d x %d tokens, %s, clip %s, seed %d -> %s%n", options.steps(),
                options.batchSize(), model.contextLength(), schedule, options.gradClip() == 0 ? "off" : options.gradClip(),
                options.seed(), setup.run().path());
    }

    /** {@code (key value, ...)} for the effective config's keys under {@code prefix.}. */
    private static String settings(Config effective, String prefix) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(effective.asMap()).forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                text.append(text.length() == 0 ? "(" : ", ").append(key.substring(prefix.length() + 1)).append(' ').append(value);
            }
        });
        return text.length() == 0 ? "" : text.append(')').toString();
    }
}
