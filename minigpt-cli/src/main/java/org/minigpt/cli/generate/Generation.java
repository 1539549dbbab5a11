package org.minigpt.cli.generate;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.tokenizer.Tokenizer;

/** Autoregressive generation: each new token is sampled from the logits after all tokens so far. */
public final class Generation {
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Sampler sampler;

    public Generation(LanguageModel model, Tokenizer tokenizer, Sampler sampler) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.sampler = sampler;
    }

    /**
     * Writes the prompt and then each new piece of text to {@code out} as soon as it decodes
     * (a byte tokenizer may need several tokens for one character), and returns the whole text.
     */
    public String generate(String prompt, int maxTokens, RandomGenerator rng, PrintStream out) {
        int[] promptTokens = tokenizer.encode(prompt);
        int[] tokens = Arrays.copyOf(promptTokens, promptTokens.length + maxTokens);
        int length = promptTokens.length;
        int window = model.contextLength();
        out.print(prompt);
        out.flush();
        String text = prompt;
        int shown = prompt.length();
        for (int i = 0; i < maxTokens; i++) {
            float[] logits = model.nextTokenLogits(Arrays.copyOfRange(tokens, Math.max(0, length - window), length));
            tokens[length++] = sampler.sample(logits, rng);
            text = tokenizer.decode(Arrays.copyOf(tokens, length));
            // Hold back a trailing U+FFFD until the end: it is usually a character whose bytes have not all arrived.
            int stable = text.endsWith("\uFFFD") && i < maxTokens - 1 ? text.length() - 1 : text.length();
            if (stable > shown) {
                out.print(text.substring(shown, stable));
                out.flush();
                shown = stable;
            }
        }
        out.println();
        out.flush();
        return text;
    }
}
