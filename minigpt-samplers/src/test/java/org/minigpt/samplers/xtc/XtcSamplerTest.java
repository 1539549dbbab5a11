package org.minigpt.samplers.xtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minigpt.samplers.Frequencies.logitsOf;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;
import org.minigpt.samplers.Frequencies;

class XtcSamplerTest extends SamplerContract {
    private static final float NO = Float.NEGATIVE_INFINITY;
    private static final float[] LOGITS = logitsOf(0.4, 0.3, 0.2, 0.1);

    @Override
    protected SamplerFactory factory() {
        return new XtcSamplerFactory();
    }

    private Sampler with(String threshold, String probability) {
        return factory().create(new PluginConfig("sampler.xtc", Map.of("threshold", threshold, "probability", probability)));
    }

    private static float[] shaped(Sampler sampler) {
        float[] logits = LOGITS.clone();
        sampler.reshape(logits, new int[0], new SplittableRandom(1));
        return logits;
    }

    @Test
    void dropsEveryTokenAboveTheThresholdButTheLeastLikelyOfThem() {
        assertArrayEquals(new float[] {NO, LOGITS[1], LOGITS[2], LOGITS[3]}, shaped(with("0.25", "1")));
        assertArrayEquals(new float[] {NO, NO, LOGITS[2], LOGITS[3]}, shaped(with("0.15", "1")));
    }

    @Test
    void withOneTokenAboveTheThresholdOrProbabilityZeroNothingChanges() {
        assertArrayEquals(LOGITS, shaped(with("0.35", "1")));
        assertArrayEquals(LOGITS, shaped(with("0.1", "0")));
    }

    @Test
    void theTopChoiceIsExcludedAtTheGivenChance() {
        double[] frequencies = Frequencies.of(with("0.25", "0.3"), LOGITS, new int[0], 40_000, 8);
        // Kept at chance 0.7; when excluded, token 1 holds 0.3 of the remaining 0.6.
        assertEquals(0.7 * 0.4, frequencies[0], 0.01);
        assertEquals(0.7 * 0.3 + 0.3 * 0.5, frequencies[1], 0.01);
    }

    @Test
    void outOfRangeSettingsNameTheirKey() {
        assertEquals("sampler.xtc.threshold must be in [0.0, 0.5], was 0.6",
                assertThrows(ConfigException.class, () -> with("0.6", "0.5")).getMessage());
        assertEquals("sampler.xtc.probability must be in [0.0, 1.0], was -0.1",
                assertThrows(ConfigException.class, () -> with("0.1", "-0.1")).getMessage());
    }
}
