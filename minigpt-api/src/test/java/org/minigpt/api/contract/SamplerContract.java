package org.minigpt.api.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.sampler.SamplerFactory;

/**
 * What every sampler must do. A sampler plugin's test extends this (from the minigpt-api test-jar)
 * and names its factory.
 */
public abstract class SamplerContract {
    protected abstract SamplerFactory factory();

    /** Settings for the sampler's section; none by default. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    protected Sampler sampler() {
        return factory().create(new PluginConfig("sampler." + factory().name(), settings()));
    }

    /** The next token with this sampler alone, after {@code history}. */
    protected int next(Sampler sampler, float[] logits, int[] history, RandomGenerator rng) {
        return new SamplerChain(List.of(sampler)).next(logits, history, rng);
    }

    @Test
    void nameIsLowercaseAndNonEmpty() {
        String name = factory().name();
        assertTrue(!name.isEmpty() && name.equals(name.toLowerCase(java.util.Locale.ROOT)), name);
    }

    @Test
    void picksAnIdInRangeAndLeavesTheLogitsAlone() {
        float[] logits = {0.5f, -1f, 2f, 0f, 1.5f, -3f};
        float[] copy = logits.clone();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            int id = next(sampler(), logits, new int[] {2, 2, 0}, rng);
            assertTrue(id >= 0 && id < logits.length, "id " + id);
        }
        assertArrayEquals(copy, logits);
    }

    @Test
    void theSameSeedPicksTheSameSequence() {
        float[] logits = {0.1f, 0.2f, 0.3f, 0.2f, 0.1f, 0.25f};
        SamplerChain one = new SamplerChain(List.of(sampler())).start();
        SamplerChain other = new SamplerChain(List.of(sampler())).start();
        SplittableRandom first = new SplittableRandom(42);
        SplittableRandom second = new SplittableRandom(42);
        int[] history = {1};
        for (int i = 0; i < 100; i++) {
            int token = one.next(logits, history, first);
            assertEquals(token, other.next(logits, history, second));
            history = java.util.Arrays.copyOf(history, history.length + 1);
            history[history.length - 1] = token;
        }
    }
}
