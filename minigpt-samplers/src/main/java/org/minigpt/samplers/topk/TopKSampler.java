package org.minigpt.samplers.topk;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/** Keeps the {@code k} largest logits (ties broken by lower id) and drops the rest. */
public record TopKSampler(int k) implements Sampler {
    static final String SECTION = "sampler." + TopKSamplerFactory.NAME;
    static final Setting<Integer> K = Setting.integer("k", 10, Range.atLeast(1), "keep the k most likely tokens");

    public TopKSampler {
        K.check(SECTION, k);
    }

    static TopKSampler from(PluginConfig config) {
        return new TopKSampler(config.get(K));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        if (k >= logits.length) {
            return;
        }
        int[] ranked = Logits.rankByLogit(logits);
        boolean[] keep = new boolean[logits.length];
        for (int rank = 0; rank < k; rank++) {
            keep[ranked[rank]] = true;
        }
        Logits.keepOnly(logits, keep);
    }
}
