package org.minigpt.samplers.minp;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/** Keeps the tokens whose probability is at least {@code minP} times the largest one's; drops the rest. */
public record MinPSampler(double minP) implements Sampler {
    public static final String P = "p";
    public static final double DEFAULT_P = 0.05;

    public MinPSampler {
        ConfigException.requireInClosedRange("sampler.min-p.p", minP, 0, 1);
    }

    static MinPSampler from(PluginConfig config) {
        return new MinPSampler(ConfigException.requireInClosedRange(config.key(P), config.decimal(P, DEFAULT_P), 0, 1));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        // p_i >= minP * p_max  <=>  logit_i >= logit_max + ln(minP): no softmax needed.
        float max = logits[Logits.argmax(logits)];
        double threshold = max + Math.log(minP);
        boolean[] keep = new boolean[logits.length];
        for (int i = 0; i < logits.length; i++) {
            keep[i] = logits[i] >= threshold;
        }
        Logits.keepOnly(logits, keep);
    }
}
