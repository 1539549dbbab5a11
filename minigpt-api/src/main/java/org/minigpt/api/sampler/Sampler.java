package org.minigpt.api.sampler;

import java.util.random.RandomGenerator;

/** Picks the next token from the model's logits. Never changes {@code logits}. */
@FunctionalInterface
public interface Sampler {
    /** A token id in {@code [0, logits.length)}; all randomness comes from {@code rng}. */
    int sample(float[] logits, RandomGenerator rng);
}
