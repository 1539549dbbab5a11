package org.minigpt.cli;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.cli.CommandLine;
import org.minigpt.core.KnownKeys;
import org.minigpt.core.Parts;
import org.apache.commons.cli.Options;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.data.TextFiles;

/** {@code minigpt tokenize}: trains the configured tokenizer on a text and reports what it makes of it. */
final class TokenizeCommand implements Command {
    private static final int LONGEST = 20;

    private final Plugins plugins;

    TokenizeCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "tokenize";
    }

    @Override
    public String summary() {
        return "train the configured tokenizer on a text and show its vocabulary and compression";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(), CliOptions.data());
    }

    @Override
    public int run(CommandLine line, Console console) {
        Config config = CliOptions.configFrom(line);
        TokenizerFactory tokenizers = new Parts(plugins).tokenizer(config);
        String text = TextFiles.readUtf8(Defaults.dataFile(line, console));

        long start = System.nanoTime();
        PluginConfig tokenizerSection = config.section(Plugins.TOKENIZER);
        Tokenizer tokenizer = tokenizers.train(text, tokenizerSection);
        KnownKeys.require(config, tokenizerSection);
        long trained = System.nanoTime();
        int[] tokens = tokenizer.encode(text);
        long encoded = System.nanoTime();

        double megabytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 1e6;
        console.out().printf("tokenizer       %s%n", tokenizers.name());
        console.out().printf("vocabulary      %,d tokens%n", tokenizer.vocabSize());
        console.out().printf("text            %,d characters -> %,d tokens, %.3f characters per token%n",
                text.length(), tokens.length, text.length() / (double) tokens.length);
        console.out().printf("time            train %.2f s, encode %.2f s (%.1f MB/s)%n",
                (trained - start) / 1e9, (encoded - trained) / 1e9, megabytes / ((encoded - trained) / 1e9));
        console.out().printf("longest tokens  ");
        IntStream.range(0, tokenizer.vocabSize())
                .mapToObj(id -> tokenizer.decode(new int[] {id}))
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .limit(LONGEST)
                .forEach(token -> console.out().print(quote(token) + " "));
        console.out().println();
        return 0;
    }

    /** The token in quotes, with line breaks, tabs and other control characters escaped. */
    private static String quote(String token) {
        StringBuilder text = new StringBuilder("'");
        token.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '\r' -> text.append("\\r");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (Character.isISOControl(c)) {
                        text.append(String.format("\\u%04X", c));
                    } else {
                        text.appendCodePoint(c);
                    }
                }
            }
        });
        return text.append('\'').toString();
    }
}
