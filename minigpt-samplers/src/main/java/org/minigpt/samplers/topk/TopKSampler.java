package org.minigpt.samplers.topk;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/** Keeps the {@code k} largest logits (ties broken by lower id) and draws from their softmax. */
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
    public int sample(float[] logits, RandomGenerator rng) {
        if (k >= logits.length) {
            return Logits.draw(Logits.softmax(logits, 1.0), rng);
        }
        Integer[] order = new Integer[logits.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i));
        float[] kept = new float[logits.length];
        Arrays.fill(kept, Float.NEGATIVE_INFINITY);
        for (int rank = 0; rank < k; rank++) {
            kept[order[rank]] = logits[order[rank]];
        }
        return Logits.draw(Logits.softmax(kept, 1.0), rng);
    }
}
