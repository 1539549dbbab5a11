package org.minigpt.samplers.mirostat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minigpt.samplers.Frequencies.logitsOf;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

class MirostatSamplerTest extends SamplerContract {
    private static final float NO = Float.NEGATIVE_INFINITY;

    @Override
    protected SamplerFactory factory() {
        return new MirostatSamplerFactory();
    }

    private Sampler with(Map<String, String> settings) {
        return factory().create(new PluginConfig("sampler.mirostat", settings));
    }

    /** A Zipf distribution over 60 tokens: about 4.6 bits of entropy, a long tail to cut. */
    private static float[] zipf() {
        float[] logits = new float[60];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) -Math.log(i + 1);
        }
        return logits;
    }

    /** The mean surprise, in bits, of the tokens a fresh mirostat text picks over its last half. */
    private double meanSurprise(String tau, int tokens) {
        Sampler text = with(Map.of("tau", tau)).start();
        float[] logits = zipf();
        int[] history = new int[tokens];
        SplittableRandom rng = new SplittableRandom(11);
        double surprise = 0;
        for (int i = 0; i < tokens; i++) {
            float[] shaped = logits.clone();
            text.reshape(shaped, Arrays.copyOf(history, i), rng);
            double[] kept = Logits.softmax(shaped);
            history[i] = Logits.draw(kept, rng);
            if (i >= tokens / 2) {
                surprise -= Math.log(kept[history[i]]) / Math.log(2) / (tokens - tokens / 2);
            }
        }
        return surprise;
    }

    @Test
    void theTextsSurpriseSettlesAtTau() {
        assertEquals(2.0, meanSurprise("2", 6000), 0.1);
        assertEquals(3.5, meanSurprise("3.5", 6000), 0.1);
    }

    @Test
    void theFirstStepKeepsTheTokensWithinTwiceTau() {
        float[] logits = logitsOf(0.5, 0.25, 0.125, 0.125); // surprises 1, 2, 3, 3 bits
        float[] shaped = logits.clone();
        with(Map.of("tau", "1.01")).start().reshape(shaped, new int[0]);
        assertArrayEquals(new float[] {logits[0], logits[1], NO, NO}, shaped);
    }

    @Test
    void theMostLikelyTokenIsKeptHoweverLowTheBound() {
        float[] shaped = logitsOf(0.4, 0.6).clone();
        with(Map.of("tau", "0.01")).start().reshape(shaped, new int[0]);
        assertEquals(NO, shaped[0]);
        assertTrue(Float.isFinite(shaped[1]));
    }

    @Test
    void aSurprisingChoiceLowersTheBoundAndAnUnsurprisingOneRaisesIt() {
        float[] logits = logitsOf(0.5, 0.25, 0.125, 0.125);
        MirostatSampler.Run text = (MirostatSampler.Run) with(Map.of("tau", "1.5", "eta", "0.5")).start();
        text.reshape(logits.clone(), new int[] {0});
        assertEquals(3.0, text.mu(), 1e-12);
        // Token 1 had 1/3 of the kept mass (0.25 of 0.75): log2(3) bits, above tau.
        text.reshape(logits.clone(), new int[] {0, 1});
        assertEquals(3.0 - 0.5 * (Math.log(3) / Math.log(2) - 1.5), text.mu(), 1e-9);
        double before = text.mu();
        text.reshape(logits.clone(), new int[] {0, 1, 0}); // token 0: under a bit
        assertTrue(text.mu() > before);
    }

    @Test
    void eachTextStartsAfresh() {
        Sampler sampler = with(Map.of());
        MirostatSampler.Run first = (MirostatSampler.Run) sampler.start();
        first.reshape(zipf(), new int[] {0});
        first.reshape(zipf(), new int[] {0, 12}); // 5.4 bits under the kept tokens, above tau
        MirostatSampler.Run second = (MirostatSampler.Run) sampler.start();
        assertNotSame(first, second);
        assertEquals(2 * MirostatSampler.DEFAULT_TAU, second.mu());
        assertTrue(first.mu() < second.mu());
    }

    @Test
    void outOfRangeSettingsNameTheirKey() {
        assertEquals("sampler.mirostat.tau must be a number > 0, was 0.0",
                assertThrows(ConfigException.class, () -> with(Map.of("tau", "0"))).getMessage());
        assertEquals("sampler.mirostat.eta must be in (0, 1], was 2.0",
                assertThrows(ConfigException.class, () -> with(Map.of("eta", "2"))).getMessage());
    }
}
