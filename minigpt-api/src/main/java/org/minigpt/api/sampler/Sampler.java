package org.minigpt.api.sampler;

import java.util.random.RandomGenerator;

/**
 * One step of choosing the next token: it reshapes the logits, picks a token, or both. A chain
 * such as {@code sampler=repetition-penalty,top-k,temperature} runs every step's {@link #reshape}
 * from left to right, then the last step's {@link #pick} (see {@link SamplerChain}).
 *
 * <p>Most samplers are immutable and thread-safe: all state comes in through the arguments. A
 * sampler that learns from token to token (mirostat's target surprise) keeps that state in the
 * instance {@link #start} returns, which one text uses on one thread and then drops.
 */
public interface Sampler {
    /**
     * Changes {@code logits} in place, e.g. divides them by a temperature or sets the tokens it
     * drops to {@code -Infinity}. The default leaves them alone.
     *
     * @param history the tokens so far, prompt first; read only
     */
    default void reshape(float[] logits, int[] history) {
    }

    /**
     * As {@link #reshape(float[], int[])}, for a sampler whose reshaping is itself random (XTC
     * drops the top choices only some of the time): its randomness comes from {@code rng}, the
     * generation's own, so a seed repeats the text. The default ignores {@code rng}.
     */
    default void reshape(float[] logits, int[] history, RandomGenerator rng) {
        reshape(logits, history);
    }

    /**
     * A token id in {@code [0, logits.length)} from the reshaped logits; all randomness comes from
     * {@code rng}. The default draws from {@code softmax(logits)}.
     */
    default int pick(float[] logits, RandomGenerator rng) {
        return Logits.draw(Logits.softmax(logits), rng);
    }

    /**
     * The sampler to use for one new text. A sampler with state across tokens returns a fresh
     * instance holding that state; the default, for stateless samplers, returns this one.
     */
    default Sampler start() {
        return this;
    }
}
