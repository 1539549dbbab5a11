package org.minigpt.samplers.topp;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/**
 * Nucleus sampling (Holtzman et al.): keeps the smallest set of most likely tokens whose
 * probabilities sum to at least {@code p}, and drops the rest.
 */
public record TopPSampler(double p) implements Sampler {
    static final String SECTION = "sampler." + TopPSamplerFactory.NAME;
    static final Setting<Double> P = Setting.decimal("p", 0.9, Range.aboveAndAtMost(0, 1),
            "keep the most likely tokens that hold probability p");

    public TopPSampler {
        P.check(SECTION, p);
    }

    static TopPSampler from(PluginConfig config) {
        return new TopPSampler(config.get(P));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        Logits.keepUntilMass(logits, Logits.softmax(logits), Logits.rankByLogit(logits), p);
    }
}
