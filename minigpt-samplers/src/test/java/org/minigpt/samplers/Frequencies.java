package org.minigpt.samplers;

import java.util.List;
import java.util.SplittableRandom;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;

/** How often a sampler picks each token from fixed logits and history, over many seeded draws. */
public final class Frequencies {
    private Frequencies() {
    }

    public static double[] of(Sampler sampler, float[] logits, int[] history, int draws, long seed) {
        SamplerChain chain = new SamplerChain(List.of(sampler));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] frequencies = new double[logits.length];
        for (int i = 0; i < draws; i++) {
            frequencies[chain.next(logits, history, rng)] += 1.0 / draws;
        }
        return frequencies;
    }

    /** Logits whose softmax is exactly the given probabilities. */
    public static float[] logitsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }
}
