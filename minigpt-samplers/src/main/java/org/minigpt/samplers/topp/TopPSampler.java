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
        ConfigException.requireAboveAndAtMost("sampler.top-p.p", p, 0, 1);
    }

    static TopPSampler from(PluginConfig config) {
        return new TopPSampler(ConfigException.requireAboveAndAtMost(config.key(P), config.decimal(P, DEFAULT_P), 0, 1));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        Logits.keepUntilMass(logits, Logits.softmax(logits), Logits.rankByLogit(logits), p);
    }
}
