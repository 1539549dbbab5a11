package org.minigpt.samplers.topk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

class TopKSamplerTest extends SamplerContract {
    @Override
    protected SamplerFactory factory() {
        return new TopKSamplerFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("k", "3");
    }

    private Sampler withK(int k) {
        return factory().create(new PluginConfig("sampler.top-k", Map.of("k", Integer.toString(k))));
    }

    @Test
    void neverEmitsATokenOutsideTheTopKAndCoversAllOfThem() {
        float[] logits = {0.5f, 3.0f, -1f, 2.9f, 2.8f, 0.0f, 2.7f};
        Set<Integer> topThree = Set.of(1, 3, 4);
        int[] counts = new int[logits.length];
        SplittableRandom rng = new SplittableRandom(11);
        int draws = 30_000;
        for (int i = 0; i < draws; i++) {
            int id = next(withK(3), logits, new int[0], rng);
            assertTrue(topThree.contains(id), "drew " + id + ", outside the top 3");
            counts[id]++;
        }
        // Renormalised softmax over the three: e^3.0, e^2.9, e^2.8.
        double z = Math.exp(3.0) + Math.exp(2.9) + Math.exp(2.8);
        assertEquals(Math.exp(3.0) / z, counts[1] / (double) draws, 0.01);
        assertEquals(Math.exp(2.9) / z, counts[3] / (double) draws, 0.01);
        assertEquals(Math.exp(2.8) / z, counts[4] / (double) draws, 0.01);
    }

    @Test
    void kOfOneIsGreedyAndTiesGoToTheLowerId() {
        float[] logits = {1f, 4f, 4f, 0f};
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, next(withK(1), logits, new int[0], rng));
        }
    }

    @Test
    void kAboveTheVocabularyKeepsEverything() {
        float[] logits = {0f, 0f};
        int[] counts = new int[2];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 2000; i++) {
            counts[next(withK(50), logits, new int[0], rng)]++;
        }
        assertTrue(counts[0] > 800 && counts[1] > 800);
    }

    @Test
    void kBelowOneNamesTheKey() {
        assertEquals("sampler.top-k.k must be an integer >= 1, was 0", assertThrows(ConfigException.class, () -> withK(0)).getMessage());
    }
}
