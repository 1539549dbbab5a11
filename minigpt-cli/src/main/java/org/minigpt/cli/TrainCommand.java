package org.minigpt.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.plugin.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.cli.data.TextFiles;
import org.minigpt.cli.data.TokenSplit;
import org.minigpt.cli.run.RunDirectory;
import org.minigpt.cli.train.TrainOptions;
import org.minigpt.cli.train.Training;

/** {@code minigpt train}: tokenizer, model and optimizer from config; train; save the run. */
final class TrainCommand implements Command {
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
        return "train a model on a text and save it in a run directory";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(), CliOptions.data(),
                CliOptions.run("where to save the run (default: runs/<date-time>); must not hold a run already"));
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        Config config = CliOptions.configFrom(line);
        // Everything that can be checked is checked before the text is read or a file is written.
        PluginConfig trainSection = config.section("train");
        TrainOptions options = TrainOptions.from(trainSection);
        TokenizerFactory tokenizers = plugins.tokenizers().get(config.pluginName(Plugins.TOKENIZER, Defaults.TOKENIZER));
        ModelFactory models = plugins.models().get(config.pluginName(Plugins.MODEL, Defaults.MODEL));
        OptimizerFactory optimizers = plugins.optimizers().get(config.pluginName(Plugins.OPTIMIZER, Defaults.OPTIMIZER));
        PluginConfig optimizerSection = config.section(Plugins.OPTIMIZER);
        Optimizer optimizer = optimizers.create(optimizerSection);
        Path runPath = line.hasOption(CliOptions.RUN)
                ? Path.of(line.getOptionValue(CliOptions.RUN))
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

        Path dataFile = Defaults.dataFile(line, console);
        String text = TextFiles.readUtf8(dataFile);
        PluginConfig tokenizerSection = config.section(Plugins.TOKENIZER);
        Tokenizer tokenizer = tokenizers.train(text, tokenizerSection);
        int[] tokens = tokenizer.encode(text);
        PluginConfig modelSection = config.section(Plugins.MODEL);
        try (LanguageModel model = models.create(modelSection, tokenizer.vocabSize(), options.seed())) {
            TokenSplit split = TokenSplit.of(tokens, options.valFraction(), model.contextLength() + 1);

            RunDirectory run = RunDirectory.create(runPath);
            Map<String, String> effective = new TreeMap<>(config.asMap());
            effective.put(Plugins.TOKENIZER, tokenizers.name());
            effective.put(Plugins.MODEL, models.name());
            effective.put(Plugins.OPTIMIZER, optimizers.name());
            for (PluginConfig section : new PluginConfig[] {trainSection, tokenizerSection, modelSection, optimizerSection}) {
                effective.putAll(section.resolved());
            }
            run.saveConfig(Config.of(effective));
            tokenizer.save(run.path());

            console.out().printf("data       %s (%,d characters, %,d tokens: %,d train, %,d validation)%n",
                    dataFile, text.length(), tokens.length, split.train().length, split.validation().length);
            console.out().printf("tokenizer  %s, %d tokens%n", tokenizers.name(), tokenizer.vocabSize());
            console.out().printf("model      %s %s, %,d parameters%n", models.name(), settings(modelSection), model.parameterTotal());
            console.out().printf("optimizer  %s %s%n", optimizers.name(), settings(optimizerSection));
            console.out().printf("training   %d steps of %d x %d tokens, seed %d -> %s%n",
                    options.steps(), options.batchSize(), model.contextLength(), options.seed(), run.path());

            Training.Result result = new Training(model, optimizer, options, console.out()).run(split);
            model.save(run.path());

            console.out().printf("trained    %d steps in %s, %,.0f tok/s; loss %.4f -> %.4f%n", options.steps(),
                    Training.clock(result.elapsed()), result.tokensPerSecond(), result.firstLoss(), result.lastLoss());
            if (!Double.isNaN(result.valLoss())) {
                // Bits per character compare tokenizers fairly: a token of a BPE holds several characters.
                double charactersPerToken = tokenizer.decode(split.validation()).length() / (double) split.validation().length;
                double bitsPerToken = result.valLoss() / Math.log(2);
                console.out().printf("val loss   %.4f nats/token (%.3f bits/token, %.3f bits/character) over %d held-out batches%n",
                        result.valLoss(), bitsPerToken, bitsPerToken / charactersPerToken, options.evalBatches());
            }
            console.out().printf("saved      %s  (generate: bin/minigpt generate --run %s --prompt \"ROMEO:\")%n",
                    run.path(), run.path());
        }
        return 0;
    }

    private static String settings(PluginConfig section) {
        StringBuilder text = new StringBuilder();
        section.resolved().forEach((key, value) -> text.append(text.length() == 0 ? "(" : ", ")
                .append(key.substring(section.prefix().length() + 1)).append(' ').append(value));
        return text.length() == 0 ? "" : text.append(')').toString();
    }
}
