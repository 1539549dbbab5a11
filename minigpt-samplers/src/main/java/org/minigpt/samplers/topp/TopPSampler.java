package org.minigpt.samplers.topp;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/**
 * Nucleus sampling (Holtzman et al.): keeps the smallest set of most likely tokens whose
 * probabilities sum to at least {@code p}, and drops the rest.
 */
public record TopPSampler(double p) implements Sampler {
    public static final String P = "p";
    public static final double DEFAULT_P = 0.9;

    public TopPSampler {
        checkP("sampler.top-p.p", p);
    }

    static TopPSampler from(PluginConfig config) {
        return new TopPSampler(checkP(config.key(P), config.decimal(P, DEFAULT_P)));
    }

    private static double checkP(String key, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new ConfigException(key + " must be in (0, 1], was " + p);
        }
        return p;
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        double[] probabilities = Logits.softmax(logits);
        boolean[] keep = new boolean[logits.length];
        double mass = 0;
        for (int id : Logits.rankByLogit(logits)) {
            keep[id] = true;
            mass += probabilities[id];
            if (mass >= p) {
                break;
            }
        }
        Logits.keepOnly(logits, keep);
    }
}
