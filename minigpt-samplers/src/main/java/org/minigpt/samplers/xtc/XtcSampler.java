package org.minigpt.samplers.xtc;

import java.util.random.RandomGenerator;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/**
 * XTC, "exclude top choices" (p-e-w's sampler in text-generation-webui and llama.cpp): with chance
 * {@code probability} at each step, drops every token whose probability is at least
 * {@code threshold} except the least likely of them, steering away from the most predictable
 * continuation while keeping a viable one. Nothing happens unless two or more tokens reach the threshold.
 */
public record XtcSampler(double threshold, double probability) implements Sampler {
    public static final String THRESHOLD = "threshold";
    public static final String PROBABILITY = "probability";

    public XtcSampler {
        ConfigException.requireInClosedRange("sampler.xtc.threshold", threshold, 0, 0.5);
        ConfigException.requireInClosedRange("sampler.xtc.probability", probability, 0, 1);
    }

    static XtcSampler from(PluginConfig config) {
        double threshold = ConfigException.requireInClosedRange(config.key(THRESHOLD), config.decimal(THRESHOLD, 0.1), 0, 0.5);
        double probability = ConfigException.requireInClosedRange(config.key(PROBABILITY), config.decimal(PROBABILITY, 0.5), 0, 1);
        return new XtcSampler(threshold, probability);
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
