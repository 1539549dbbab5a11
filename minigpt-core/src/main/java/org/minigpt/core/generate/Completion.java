package org.minigpt.core.generate;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;

/**
 * Tokens sampled one at a time after a prompt, as text: each new piece handed on as soon as it is certain,
 * until a stop string, an end token, the token budget or a cancellation. Its settings make a
 * {@link CompletionCursor} per completion; {@link #run} decodes one on its own, {@link CompletionScheduler} many
 * together.
 */
public final class Completion {
    /** Why a completion ended: a stop string or the end token; the token budget; the caller's cancellation. */
    public enum Finish { STOP, LENGTH, CANCELLED }

    /** A sampled token with the model's log-probability of it and of its most likely alternatives. */
    public record Token(int id, String text, double logprob, List<Alternative> top) {
    }

    public record Alternative(int id, String text, double logprob) {
    }

    /** New text, and the tokens sampled since the last piece (their log-probabilities when asked for). */
    public record Piece(String text, List<Token> tokens) {
    }

    /** The completion's text (stop string left out), its tokens, and why it ended. */
    public record Result(String text, int[] tokens, Finish finish) {
    }

    private final Tokenizer tokenizer;
    private final SamplerChain sampler;
    private int end = -1;
    private int bannedFrom = Integer.MAX_VALUE;
    private int topLogprobs = -1;

    public Completion(Tokenizer tokenizer, SamplerChain sampler) {
        this.tokenizer = tokenizer;
        this.sampler = sampler;
    }

    /** A completion of plain text: the tokenizer's special tokens, which no text holds, are never chosen. */
    public static Completion ofText(Tokenizer tokenizer, SamplerChain sampler) {
        return new Completion(tokenizer, sampler).banningFrom(tokenizer.textTokens());
    }

    /** Ends at token {@code id}, which is not part of the text. */
    public Completion endingAt(int id) {
        end = id;
        return this;
    }

    /** Never chooses ids from {@code id} on (special tokens), except the end token. */
    public Completion banningFrom(int id) {
        bannedFrom = id;
        return this;
    }

    /** Reports each token's log-probability under the model, with its {@code top} likeliest alternatives. */
    public Completion withLogprobs(int top) {
        topLogprobs = top;
        return this;
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    SamplerChain sampler() {
        return sampler;
    }

    int end() {
        return end;
    }

    int bannedFrom() {
        return bannedFrom;
    }

    int topLogprobs() {
        return topLogprobs;
    }

    /**
     * A completion of {@code prompt} (at least one token) to decode.
     *
     * @param stops strings that end the text before them
     * @param out handed each piece of new text once no stop string can start in it
     */
    public CompletionCursor start(int[] prompt, int maxTokens, List<String> stops, RandomGenerator rng, Consumer<Piece> out) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: give at least one token");
        }
        return new CompletionCursor(this, prompt, maxTokens, stops, rng, out);
    }

    /**
     * One completion decoded on its own in a sequence of {@code decoder}.
     *
     * @param cancelled polled before each token
     */
    public Result run(Decoder decoder, int[] prompt, int maxTokens, List<String> stops, RandomGenerator rng,
            Consumer<Piece> out, BooleanSupplier cancelled) {
        CompletionCursor cursor = start(prompt, maxTokens, stops, rng, out);
        if (cursor.finished()) {
            return cursor.result();
        }
        int window = decoder.contextLength();
        Decoder.Sequence sequence = decoder.open(ContextWindow.positions(prompt.length, maxTokens, window))
                .orElseThrow(() -> new IllegalStateException("the decoder's cache cannot hold one completion"));
        try {
            int[] feed = ContextWindow.prompt(prompt, window);
            while (true) {
                if (cancelled.getAsBoolean()) {
                    cursor.cancel();
                    break;
                }
                float[] logits = decoder.step(List.of(new Decoder.Feed(sequence, feed, true))).get(0);
                if (cursor.accept(logits) < 0) {
                    break;
                }
                feed = ContextWindow.next(sequence, cursor.history(), window);
            }
            return cursor.result();
        } finally {
            sequence.release();
        }
    }
}
