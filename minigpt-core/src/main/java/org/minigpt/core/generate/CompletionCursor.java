package org.minigpt.core.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.core.generate.Completion.Alternative;
import org.minigpt.core.generate.Completion.Finish;
import org.minigpt.core.generate.Completion.Piece;
import org.minigpt.core.generate.Completion.Result;
import org.minigpt.core.generate.Completion.Token;

/**
 * One completion's own work, whatever decodes it: takes the logits after its tokens so far and gives the next
 * token, applying the special-token rules and the sampler chain, and hands on each piece of text once it is
 * certain (no stop string can start in it, no character's bytes are still arriving). Not thread-safe.
 */
public final class CompletionCursor {
    private final Completion settings;
    private final SamplerChain chain;
    private final int promptLength;
    private final int[] tokens;
    private final List<String> stops;
    private final RandomGenerator rng;
    private final Consumer<Piece> out;
    private final int holdBack;
    private final List<Token> pending = new ArrayList<>();
    private int length;
    private String text = "";
    private int shown;
    private Finish finish;

    CompletionCursor(Completion settings, int[] prompt, int maxTokens, List<String> stops, RandomGenerator rng,
            Consumer<Piece> out) {
        this.settings = settings;
        this.chain = settings.sampler().start();
        this.promptLength = prompt.length;
        this.tokens = Arrays.copyOf(prompt, prompt.length + maxTokens);
        this.length = prompt.length;
        this.stops = stops;
        this.rng = rng;
        this.out = out;
        this.holdBack = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
        if (maxTokens == 0) {
            end(Finish.LENGTH);
        }
    }

    /** The prompt and the tokens chosen so far. */
    public int[] history() {
        return Arrays.copyOf(tokens, length);
    }

    public int promptLength() {
        return promptLength;
    }

    /** The most tokens it may still choose. */
    public int remaining() {
        return tokens.length - length;
    }

    public boolean finished() {
        return finish != null;
    }

    /**
     * Takes the logits after {@link #history()} (and may change them) and returns the token chosen, to be fed
     * next, or -1 when the completion has ended (its end token, a stop string, or its budget).
     */
    public int accept(float[] logits) {
        if (finished()) {
            throw new IllegalStateException("the completion has ended");
        }
        int end = settings.end();
        for (int id = Math.min(settings.bannedFrom(), logits.length); id < logits.length; id++) {
            if (id != end) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
        int next = chain.next(logits, history(), rng);
        if (next == end) {
            end(Finish.STOP);
            return -1;
        }
        tokens[length++] = next;
        if (settings.topLogprobs() >= 0) {
            pending.add(token(next, logits));
        }
        text = settings.tokenizer().decode(Arrays.copyOfRange(tokens, promptLength, length));
        int stop = firstStop(text, stops);
        if (stop >= 0) {
            text = text.substring(0, stop);
            end(Finish.STOP);
            return -1;
        }
        // A trailing U+FFFD is usually a character whose bytes have not all arrived.
        int certain = text.length() - holdBack - (text.endsWith("\uFFFD") ? 1 : 0);
        if (certain > shown) {
            out.accept(new Piece(text.substring(shown, certain), List.copyOf(pending)));
            pending.clear();
            shown = certain;
        }
        if (length == tokens.length) {
            end(Finish.LENGTH);
            return -1;
        }
        return next;
    }

    /** Ends the completion where it is, as the caller's cancellation. */
    public void cancel() {
        if (!finished()) {
            end(Finish.CANCELLED);
        }
    }

    /** The text (stop string left out), its tokens and why it ended; null until it has. */
    public Result result() {
        return finished() ? new Result(text, Arrays.copyOfRange(tokens, promptLength, length), finish) : null;
    }

    private void end(Finish why) {
        finish = why;
        if (text.length() > shown || !pending.isEmpty()) {
            out.accept(new Piece(text.substring(Math.min(shown, text.length())), List.copyOf(pending)));
            pending.clear();
            shown = text.length();
        }
    }

    private Token token(int id, float[] logits) {
        double[] probabilities = Logits.softmax(logits);
        List<Alternative> top = new ArrayList<>();
        int[] order = Logits.rankByLogit(logits);
        for (int i = 0; i < Math.min(settings.topLogprobs(), order.length); i++) {
            top.add(new Alternative(order[i], decode(order[i]), Math.log(probabilities[order[i]])));
        }
        return new Token(id, decode(id), Math.log(probabilities[id]), top);
    }

    private String decode(int id) {
        return settings.tokenizer().decode(new int[] {id});
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
