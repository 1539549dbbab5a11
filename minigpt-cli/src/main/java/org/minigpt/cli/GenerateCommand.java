package org.minigpt.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.Parts;
import org.minigpt.core.SavedRun;
import org.minigpt.core.generate.Generation;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;

/** {@code minigpt generate}: the run's own tokenizer and model, a sampler from config, text streamed out. */
final class GenerateCommand implements Command {
    private final Parts parts;

    GenerateCommand(Plugins plugins) {
        this.parts = new Parts(plugins);
    }

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "write text with a trained run";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.run("the run directory to load (required)"), CliOptions.prompt(),
                CliOptions.maxTokens(), CliOptions.texts(), CliOptions.seed(), CliOptions.stop(), CliOptions.checkpoint(), CliOptions.config(),
                CliOptions.set());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.hasOption(CliOptions.RUN)) {
            throw new MinigptException("generate needs --run DIR, the directory a train run saved");
        }
        String prompt = line.getOptionValue(CliOptions.PROMPT, Defaults.PROMPT);
        if (prompt.isEmpty()) {
            throw new MinigptException("--prompt is empty; give at least one character, e.g. --prompt \"ROMEO:\"");
        }
        int maxTokens = CliOptions.intOption(line, CliOptions.MAX_TOKENS, Defaults.MAX_TOKENS, 1);
        int texts = CliOptions.intOption(line, CliOptions.TEXTS, 1, 1);
        long seed = CliOptions.longOption(line, CliOptions.SEED, new SplittableRandom().nextLong());

        RunDirectory run = RunDirectory.open(Path.of(line.getOptionValue(CliOptions.RUN)));
        Config runConfig = run.config();
        Config config = runConfig.with(samplerSettings(CliOptions.configFrom(line), runConfig, console));
        List<String> stops = stops(line);
        Tokenizer tokenizer = SavedRun.tokenizer(parts.plugins(), run);
        SamplerChain sampler = parts.samplerChain(config, tokenizer);
        tokenizer.encode(prompt); // an unencodable prompt fails here, before the model loads
        try (SavedRun.Model saved = SavedRun.model(parts.plugins(), run, tokenizer,
                line.getOptionValue(CliOptions.CHECKPOINT, Checkpoints.BEST), problem -> console.err().println("note: " + problem))) {
            try (Decoder decoder = saved.model().decoder()) {
                Generation generation = new Generation(decoder, tokenizer, sampler);
                if (texts == 1) {
                    generation.generate(prompt, maxTokens, stops, new SplittableRandom(seed), piece -> {
                        console.out().print(piece);
                        console.out().flush();
                    });
                    console.out().println();
                } else {
                    printTexts(generation.generate(prompt, texts, maxTokens, stops, i -> new SplittableRandom(seed + i)), console);
                }
            }
        }
        return 0;
    }

    private static void printTexts(List<String> texts, Console console) {
        for (int i = 0; i < texts.size(); i++) {
            console.out().println("--- text " + (i + 1) + " of " + texts.size() + " ---");
            console.out().println(texts.get(i));
        }
    }

    /** The {@code --stop} strings, with the escapes backslash-n, backslash-t and double backslash turned into characters. */
    private static List<String> stops(CommandLine line) {
        List<String> stops = new ArrayList<>();
        String[] values = line.getOptionValues(CliOptions.STOP);
        if (values != null) {
            for (String value : values) {
                String stop = unescape(value);
                if (stop.isEmpty()) {
                    throw new MinigptException("--stop is empty; give the text to stop at, e.g. --stop \"\\n\\n\"");
                }
                stops.add(stop);
            }
        }
        return stops;
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case '\\' -> out.append('\\');
                    default -> out.append(c).append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The sampler keys of the user's config; other keys that would change the run's model or tokenizer are noted. */
    private static Map<String, String> samplerSettings(Config user, Config runConfig, Console console) {
        return SavedRun.samplerKeys(user, runConfig,
                (key, value) -> console.err().println("note: generate uses the run's own model and tokenizer; ignoring " + key + "="
                        + value));
    }
}
