package org.minigpt.core.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.NextTokenModel;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;

/**
 * Tokens sampled one at a time after a prompt, as text: each new piece handed on as soon as it is certain,
 * until a stop string, an end token, the token budget or a cancellation. The one generation loop under
 * {@code generate}, chat and the server.
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

    private final NextTokenModel model;
    private final Tokenizer tokenizer;
    private final SamplerChain sampler;
    private int end = -1;
    private int bannedFrom = Integer.MAX_VALUE;
    private int topLogprobs = -1;

    public Completion(NextTokenModel model, Tokenizer tokenizer, SamplerChain sampler) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.sampler = sampler;
    }

    /** A completion of plain text: the tokenizer's special tokens, which no text holds, are never chosen. */
    public static Completion ofText(NextTokenModel model, Tokenizer tokenizer, SamplerChain sampler) {
        return new Completion(model, tokenizer, sampler).banningFrom(tokenizer.textTokens());
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

    /**
     * @param stops strings that end the text before them
     * @param out handed each piece of new text once no stop string can start in it
     * @param cancelled polled before each token
     */
    public Result run(int[] prompt, int maxTokens, List<String> stops, RandomGenerator rng, Consumer<Piece> out,
            BooleanSupplier cancelled) {
        SamplerChain chain = sampler.start();
        int[] tokens = Arrays.copyOf(prompt, prompt.length + maxTokens);
        int length = prompt.length;
        int holdBack = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
        List<Token> pending = new ArrayList<>();
        String text = "";
        int shown = 0;
        Finish finish = Finish.LENGTH;
        while (length < tokens.length) {
            if (cancelled.getAsBoolean()) {
                finish = Finish.CANCELLED;
                break;
            }
            float[] logits = model.nextTokenLogits(Arrays.copyOf(tokens, length));
            for (int id = Math.min(bannedFrom, logits.length); id < logits.length; id++) {
                if (id != end) {
                    logits[id] = Float.NEGATIVE_INFINITY;
                }
            }
            int next = chain.next(logits, Arrays.copyOf(tokens, length), rng);
            if (next == end) {
                finish = Finish.STOP;
                break;
            }
            tokens[length++] = next;
            if (topLogprobs >= 0) {
                pending.add(token(next, logits));
            }
            text = tokenizer.decode(Arrays.copyOfRange(tokens, prompt.length, length));
            int stop = firstStop(text, stops);
            if (stop >= 0) {
                text = text.substring(0, stop);
                finish = Finish.STOP;
                break;
            }
            // A trailing U+FFFD is usually a character whose bytes have not all arrived.
            int certain = text.length() - holdBack - (text.endsWith("\uFFFD") ? 1 : 0);
            if (certain > shown) {
                out.accept(new Piece(text.substring(shown, certain), List.copyOf(pending)));
                pending.clear();
                shown = certain;
            }
        }
        if (text.length() > shown || !pending.isEmpty()) {
            out.accept(new Piece(text.substring(Math.min(shown, text.length())), List.copyOf(pending)));
        }
        return new Result(text, Arrays.copyOfRange(tokens, prompt.length, length), finish);
    }

    private Token token(int id, float[] logits) {
        double[] probabilities = Logits.softmax(logits);
        List<Alternative> top = new ArrayList<>();
        int[] order = Logits.rankByLogit(logits);
        for (int i = 0; i < Math.min(topLogprobs, order.length); i++) {
            top.add(new Alternative(order[i], tokenizer.decode(new int[] {order[i]}), Math.log(probabilities[order[i]])));
        }
        return new Token(id, tokenizer.decode(new int[] {id}), Math.log(probabilities[id]), top);
    }

    private static int firstStop(String text, List<String> stops) {
        int first = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
