package org.minigpt.samplers.minp;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/** Keeps the tokens whose probability is at least {@code minP} times the largest one's; drops the rest. */
public record MinPSampler(double minP) implements Sampler {
    static final String SECTION = "sampler." + MinPSamplerFactory.NAME;
    static final Setting<Double> P = Setting.decimal("p", 0.05, Range.closed(0, 1),
            "keep tokens at least p × the top token's probability");

    public MinPSampler {
        P.check(SECTION, minP);
    }

    static MinPSampler from(PluginConfig config) {
        return new MinPSampler(config.get(P));
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
