package org.minigpt.samplers.repetition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

class RepetitionPenaltySamplerTest extends SamplerContract {
    @Override
    protected SamplerFactory factory() {
        return new RepetitionPenaltySamplerFactory();
    }

    private Sampler with(Map<String, String> settings) {
        return factory().create(new PluginConfig("sampler.repetition-penalty", settings));
    }

    @Test
    void dividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        float[] logits = {2f, -1f, 3f, 0.5f};
        with(Map.of("penalty", "2")).reshape(logits, new int[] {0, 1, 0});
        assertArrayEquals(new float[] {1f, -2f, 3f, 0.5f}, logits);
    }

    @Test
    void presenceAndFrequencySubtractPerTokenAndPerOccurrence() {
        float[] logits = {2f, 2f, 2f};
        with(Map.of("penalty", "1", "presence", "0.5", "frequency", "0.25")).reshape(logits, new int[] {0, 0, 0, 1});
        assertArrayEquals(new float[] {2f - 0.5f - 0.75f, 2f - 0.5f - 0.25f, 2f}, logits);
    }

    @Test
    void onlyTheLastWindowTokensCount() {
        float[] logits = {2f, 2f, 2f};
        with(Map.of("penalty", "2", "window", "2")).reshape(logits, new int[] {0, 1, 2});
        assertArrayEquals(new float[] {2f, 1f, 1f}, logits);
    }

    @Test
    void aSeenTokenBecomesLessLikely() {
        float[] logits = {1f, 1f};
        double before = Logits.softmax(logits)[0];
        with(Map.of()).reshape(logits, new int[] {0});
        assertTrue(Logits.softmax(logits)[0] < before);
    }

    @Test
    void outOfRangeSettingsNameTheirKey() {
        assertEquals("sampler.repetition-penalty.penalty must be a number > 0, was 0.0",
                assertThrows(ConfigException.class, () -> with(Map.of("penalty", "0"))).getMessage());
        assertEquals("sampler.repetition-penalty.window must be an integer >= 0, was -1",
                assertThrows(ConfigException.class, () -> with(Map.of("window", "-1"))).getMessage());
    }
}
