package org.minigpt.api.sampler;

import java.util.List;
import java.util.random.RandomGenerator;

/** Samplers applied in order: every step reshapes the logits, the last one picks the token. */
public final class SamplerChain {
    private final List<Sampler> steps;

    public SamplerChain(List<Sampler> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a sampler chain needs at least one sampler");
        }
        this.steps = List.copyOf(steps);
    }

    /** The next token after {@code history}; {@code logits} are not changed. */
    public int next(float[] logits, int[] history, RandomGenerator rng) {
        float[] shaped = logits.clone();
        for (Sampler step : steps) {
            step.reshape(shaped, history);
        }
        return steps.get(steps.size() - 1).pick(shaped, rng);
    }
}
