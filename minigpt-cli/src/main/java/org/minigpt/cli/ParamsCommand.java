package org.minigpt.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.plugin.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.cli.data.TextFiles;

/** {@code minigpt params}: builds the configured model and counts its parameters, per part. */
final class ParamsCommand implements Command {
    private final Plugins plugins;

    ParamsCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "params";
    }

    @Override
    public String summary() {
        return "show a model's parameter count, total and per part";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(), CliOptions.data());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        Config config = CliOptions.configFrom(line);
        TokenizerFactory tokenizers = plugins.tokenizers().get(config.pluginName(Plugins.TOKENIZER, Defaults.TOKENIZER));
        ModelFactory models = plugins.models().get(config.pluginName(Plugins.MODEL, Defaults.MODEL));
        String text = TextFiles.readUtf8(Defaults.dataFile(line, console));
        PluginConfig tokenizerSection = config.section(Plugins.TOKENIZER);
        Tokenizer tokenizer = tokenizers.train(text, tokenizerSection);
        PluginConfig modelSection = config.section(Plugins.MODEL);
        try (LanguageModel model = models.create(modelSection, tokenizer.vocabSize(), 0)) {
            KnownKeys.require(config, tokenizerSection, modelSection);
            console.out().printf("model %s, tokenizer %s (%d tokens), context %d%n",
                    models.name(), tokenizers.name(), tokenizer.vocabSize(), model.contextLength());
            printTable(model, console.out());
        }
        return 0;
    }

    /** The parameter table: a row per part, then the total. */
    static void printTable(LanguageModel model, java.io.PrintStream out) {
        out.printf("%-24s %12s%n", "part", "parameters");
        for (ParameterCount count : model.parameterCounts()) {
            out.printf("%-24s %,12d%n", count.part(), count.count());
        }
        out.printf("%-24s %,12d%n", "total", model.parameterTotal());
    }
}
