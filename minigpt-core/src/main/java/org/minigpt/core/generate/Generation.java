package org.minigpt.core.generate;

import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.NextTokenModel;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;

/** Autoregressive generation: each new token is sampled from the logits after all tokens so far. */
public final class Generation {
    private final NextTokenModel model;
    private final Tokenizer tokenizer;
    private final SamplerChain sampler;

    public Generation(NextTokenModel model, Tokenizer tokenizer, SamplerChain sampler) {
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
        out.accept(prompt);
        // Text has no special tokens: a chat-tuned run writes text with them never chosen, as it did before tuning.
        return prompt + Completion.ofText(model, tokenizer, sampler)
                .run(promptTokens, maxTokens, stops, rng, piece -> out.accept(piece.text()), () -> false).text();
    }
}
