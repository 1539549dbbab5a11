package org.minigpt.samplers.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.SamplerFactory;

class GreedySamplerTest extends SamplerContract {
    @Override
    protected SamplerFactory factory() {
        return new GreedySamplerFactory();
    }

    @Test
    void greedyIsTheArgmaxWhateverTheRandomness() {
        float[] logits = {0.1f, 2.5f, -1f, 2.4f};
        SplittableRandom rng = new SplittableRandom();
        for (int i = 0; i < 50; i++) {
            assertEquals(1, next(factory().create(new PluginConfig("sampler.greedy", Map.of())), logits, new int[0], rng));
        }
    }
}
