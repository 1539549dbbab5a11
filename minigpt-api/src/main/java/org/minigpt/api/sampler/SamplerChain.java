package org.minigpt.api.sampler;

import org.minigpt.api.MinigptException;
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

    /** The chain for one new text: each step's {@link Sampler#start}, so stateful steps begin afresh. */
    public SamplerChain start() {
        return new SamplerChain(steps.stream().map(Sampler::start).toList());
    }

    /**
     * The next token after {@code history}; {@code logits} are not changed.
     *
     * @throws MinigptException when the reshaping leaves no token to choose (every logit is -inf)
     */
    public int next(float[] logits, int[] history, RandomGenerator rng) {
        float[] shaped = reshaped(logits, history, rng);
        boolean any = false;
        for (float logit : shaped) {
            any |= logit > Float.NEGATIVE_INFINITY;
        }
        if (!any) {
            throw new MinigptException("the sampler settings leave no token to choose: every token's logit is -inf"
                    + " (e.g. logit-bias bans them all); allow at least one");
        }
        return steps.get(steps.size() - 1).pick(shaped, rng);
    }

    /** A copy of {@code logits} after every step's reshaping: the distribution the last step picks from. */
    public float[] reshaped(float[] logits, int[] history, RandomGenerator rng) {
        float[] shaped = logits.clone();
        for (Sampler step : steps) {
            step.reshape(shaped, history, rng);
        }
        return shaped;
    }
}
