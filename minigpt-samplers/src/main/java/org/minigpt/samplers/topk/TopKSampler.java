package org.minigpt.samplers.topk;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/** Keeps the {@code k} largest logits (ties broken by lower id) and drops the rest. */
public record TopKSampler(int k) implements Sampler {
    public static final String K = "k";
    public static final int DEFAULT_K = 10;

    public TopKSampler {
        ConfigException.requireAtLeast("sampler.top-k.k", k, 1);
    }

    static TopKSampler from(PluginConfig config) {
        return new TopKSampler(ConfigException.requireAtLeast(config.key(K), config.integer(K, DEFAULT_K), 1));
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
