package org.minigpt.core.generate;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.chat.ChatTokenizer;

/** Autoregressive generation: each new token is sampled from the logits after all tokens so far. */
public final class Generation {
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final SamplerChain sampler;

    public Generation(LanguageModel model, Tokenizer tokenizer, SamplerChain sampler) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.sampler = sampler;
    }

    /**
     * Hands the prompt, then each new piece of text to {@code out} as soon as it is certain: a byte
     * tokenizer may need several tokens for one character, and text that could be the start of a
     * stop string waits until it is not. Stops after {@code maxTokens} tokens or before the first
     * stop string, which is not handed on. Returns the whole text, prompt included.
     */
    public String generate(String prompt, int maxTokens, List<String> stops, RandomGenerator rng, Consumer<String> out) {
        int[] promptTokens = tokenizer.encode(prompt);
        SamplerChain chain = sampler.start();
        int[] tokens = Arrays.copyOf(promptTokens, promptTokens.length + maxTokens);
        int length = promptTokens.length;
        // Text has no special tokens: a chat-tuned run writes text with them never chosen, as it did before tuning.
        int textTokens = tokenizer instanceof ChatTokenizer chat ? chat.text().vocabSize() : tokenizer.vocabSize();
        int holdBack = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
        out.accept(prompt);
        int shown = prompt.length();
        String text = prompt;
        for (int i = 0; i < maxTokens; i++) {
            // The whole history: the model keeps to its window, and continues its cache from the last call.
            float[] logits = model.nextTokenLogits(Arrays.copyOf(tokens, length));
            Arrays.fill(logits, textTokens, logits.length, Float.NEGATIVE_INFINITY);
            tokens[length] = chain.next(logits, Arrays.copyOf(tokens, length), rng);
            length++;
            text = tokenizer.decode(Arrays.copyOf(tokens, length));
            int stop = firstStop(text, prompt.length(), stops);
            if (stop >= 0) {
                text = text.substring(0, stop);
                break;
            }
            boolean last = i == maxTokens - 1;
            // A trailing U+FFFD is usually a character whose bytes have not all arrived.
            int certain = last ? text.length() : text.length() - holdBack - (text.endsWith("\uFFFD") ? 1 : 0);
            if (certain > shown) {
                out.accept(text.substring(shown, certain));
                shown = certain;
            }
        }
        if (text.length() > shown) {
            out.accept(text.substring(shown));
        }
        return text;
    }

    private static int firstStop(String text, int from, List<String> stops) {
        int first = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, from);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
