package org.minigpt.samplers.temperature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

class TemperatureSamplerTest extends SamplerContract {
    @Override
    protected SamplerFactory factory() {
        return new TemperatureSamplerFactory();
    }

    private Sampler at(String value) {
        return factory().create(new PluginConfig("sampler.temperature", Map.of("value", value)));
    }

    @Test
    void aVeryLowTemperatureIsGreedy() {
        float[] logits = {1.0f, 1.2f, 0.9f, 1.19f};
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            assertEquals(Logits.argmax(logits), next(at("0.001"), logits, new int[0], rng));
        }
    }

    @Test
    void atTemperatureOneTheFrequenciesAreTheSoftmax() {
        float[] logits = {0f, (float) Math.log(3)}; // probabilities 1/4 and 3/4
        SplittableRandom rng = new SplittableRandom(9);
        int ones = 0;
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            ones += next(at("1"), logits, new int[0], rng);
        }
        assertEquals(0.75, ones / (double) draws, 0.01);
    }

    @Test
    void differentSeedsGiveDifferentSequences() {
        float[] logits = new float[50];
        Sampler sampler = at("1.0");
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        SplittableRandom first = new SplittableRandom(1);
        SplittableRandom second = new SplittableRandom(2);
        for (int i = 0; i < 20; i++) {
            a.append(next(sampler, logits, new int[0], first)).append(',');
            b.append(next(sampler, logits, new int[0], second)).append(',');
        }
        assertNotEquals(a.toString(), b.toString());
    }

    @Test
    void dividesTheLogits() {
        float[] logits = {2f, -1f};
        at("0.5").reshape(logits, new int[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {4f, -2f}, logits);
    }

    @Test
    void aTemperatureThatIsNotPositiveNamesTheKey() {
        assertEquals("sampler.temperature.value must be a number > 0, was 0.0",
                assertThrows(ConfigException.class, () -> at("0")).getMessage());
        assertEquals("sampler.temperature.value was 'hot' but it must be a number",
                assertThrows(ConfigException.class, () -> at("hot")).getMessage());
    }
}
