package org.minigpt.api.sampler;

import java.util.random.RandomGenerator;

/**
 * One step of choosing the next token: it reshapes the logits, picks a token, or both. A chain
 * such as {@code sampler=repetition-penalty,top-k,temperature} runs every step's {@link #reshape}
 * from left to right, then the last step's {@link #pick} (see {@link SamplerChain}).
 *
 * <p>Implementations are immutable and thread-safe: all state comes in through the arguments.
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
     * A token id in {@code [0, logits.length)} from the reshaped logits; all randomness comes from
     * {@code rng}. The default draws from {@code softmax(logits)}.
     */
    default int pick(float[] logits, RandomGenerator rng) {
        return Logits.draw(Logits.softmax(logits), rng);
    }
}
