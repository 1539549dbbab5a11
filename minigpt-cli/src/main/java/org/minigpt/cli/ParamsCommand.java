package org.minigpt.cli;

import org.apache.commons.cli.CommandLine;
import org.minigpt.core.CoreSettings;
import org.minigpt.core.KnownKeys;
import org.minigpt.core.ModelSize;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.Parts;
import org.apache.commons.cli.Options;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.data.TextFiles;

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
        Parts parts = new Parts(plugins);
        TokenizerFactory tokenizers = parts.tokenizer(config);
        parts.model(config); // an unknown model fails before the text is read
        // The training and optimizer keys change no count, but a config checked here must be one train accepts.
        PluginConfig trainSection = config.section(TrainOptions.SECTION);
        TrainOptions.from(trainSection);
        PluginConfig optimizerSection = config.section(Plugins.OPTIMIZER);
        parts.optimizer(config).create(optimizerSection);
        KnownKeys.requireDescribed(config, CoreSettings.sections());
        CoreSettings.sections().forEach((name, settings) -> settings.forEach(config.section(name)::get)); // each value
        String text = TextFiles.readUtf8(Defaults.dataFile(line, console));
        PluginConfig tokenizerSection = config.section(Plugins.TOKENIZER);
        Tokenizer tokenizer = tokenizers.train(text, tokenizerSection);
        ModelSize size = ModelSize.of(plugins, config, tokenizer.vocabSize(), tokenizerSection, trainSection, optimizerSection);
        console.out().printf("model %s, tokenizer %s (%d tokens), context %d%n",
                size.model(), tokenizers.name(), size.vocabSize(), size.contextLength());
        size.table().forEach(console.out()::println);
        return 0;
    }
}
