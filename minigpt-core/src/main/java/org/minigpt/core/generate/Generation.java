package org.minigpt.core.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;

/** Autoregressive generation: each new token is sampled from the logits after all tokens so far. */
public final class Generation {
    private final Decoder decoder;
    private final Tokenizer tokenizer;
    private final SamplerChain sampler;

    public Generation(Decoder decoder, Tokenizer tokenizer, SamplerChain sampler) {
        this.decoder = decoder;
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
        out.accept(prompt);
        // Text has no special tokens: a chat-tuned run writes text with them never chosen, as it did before tuning.
        return prompt + Completion.ofText(tokenizer, sampler)
                .run(decoder, promptTokens, maxTokens, stops, rng, piece -> out.accept(piece.text()), () -> false).text();
    }

    /**
     * {@code n} texts from one prompt, decoded together: the prompt is computed once and its cache shared. Text
     * {@code i} uses {@code rng.apply(i)} and is the text {@link #generate(String, int, List, RandomGenerator, Consumer)}
     * writes with it. Returns each whole text, prompt included.
     */
    public List<String> generate(String prompt, int n, int maxTokens, List<String> stops, IntFunction<RandomGenerator> rng) {
        int[] promptTokens = tokenizer.encode(prompt);
        Completion completion = Completion.ofText(tokenizer, sampler);
        List<CompletionCursor> cursors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cursors.add(completion.start(promptTokens, maxTokens, stops, rng.apply(i), piece -> { }));
        }
        CompletionScheduler scheduler = new CompletionScheduler(decoder, n, promptTokens.length, null);
        scheduler.submit(cursors, null);
        scheduler.drain();
        return cursors.stream().map(cursor -> prompt + cursor.result().text()).toList();
    }
}
