package org.minigpt.samplers.xtc;

import java.util.random.RandomGenerator;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/**
 * XTC, "exclude top choices" (p-e-w's sampler in text-generation-webui and llama.cpp): with chance
 * {@code probability} at each step, drops every token whose probability is at least
 * {@code threshold} except the least likely of them, steering away from the most predictable
 * continuation while keeping a viable one. Nothing happens unless two or more tokens reach the threshold.
 */
public record XtcSampler(double threshold, double probability) implements Sampler {
    static final String SECTION = "sampler." + XtcSamplerFactory.NAME;
    static final Setting<Double> THRESHOLD = Setting.decimal("threshold", 0.1, Range.closed(0, 0.5),
            "tokens at least this likely are the top choices, of which all but the least likely are dropped");
    static final Setting<Double> PROBABILITY = Setting.decimal("probability", 0.5, Range.closed(0, 1),
            "the chance a step drops them");

    public XtcSampler {
        THRESHOLD.check(SECTION, threshold);
        PROBABILITY.check(SECTION, probability);
    }

    static XtcSampler from(PluginConfig config) {
        return new XtcSampler(config.get(THRESHOLD), config.get(PROBABILITY));
    }

    /** Without a random source (a one-step preview): as if the coin always said to exclude. */
    @Override
    public void reshape(float[] logits, int[] history) {
        exclude(logits);
    }

    @Override
    public void reshape(float[] logits, int[] history, RandomGenerator rng) {
        if (rng.nextDouble() < probability) {
            exclude(logits);
        }
    }

    private void exclude(float[] logits) {
        double[] probabilities = Logits.softmax(logits);
        int[] ranked = Logits.rankByLogit(logits);
        int above = 0;
        while (above < ranked.length && probabilities[ranked[above]] >= threshold) {
            above++;
        }
        for (int i = 0; i < above - 1; i++) {
            logits[ranked[i]] = Float.NEGATIVE_INFINITY;
        }
    }
}
