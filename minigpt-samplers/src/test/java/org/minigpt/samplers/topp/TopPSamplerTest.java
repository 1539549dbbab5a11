package org.minigpt.samplers.topp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

class TopPSamplerTest extends SamplerContract {
    private static final float NO = Float.NEGATIVE_INFINITY;

    @Override
    protected SamplerFactory factory() {
        return new TopPSamplerFactory();
    }

    private Sampler withP(String p) {
        return factory().create(new PluginConfig("sampler.top-p", Map.of("p", p)));
    }

    /** Logits whose softmax is exactly the given probabilities. */
    private static float[] logitsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    @Test
    void keepsTheSmallestSetWhoseMassReachesP() {
        float[] logits = logitsOf(0.1, 0.5, 0.05, 0.3, 0.05);
        float[] shaped = logits.clone();
        withP("0.75").reshape(shaped, new int[0]); // 0.5 + 0.3 = 0.8 >= 0.75; 0.5 alone is not
        assertArrayEquals(new float[] {NO, logits[1], NO, logits[3], NO}, shaped);

        shaped = logits.clone();
        withP("0.8").reshape(shaped, new int[0]); // exactly 0.8 is enough
        assertArrayEquals(new float[] {NO, logits[1], NO, logits[3], NO}, shaped, 1e-6f);

        shaped = logits.clone();
        withP("0.5").reshape(shaped, new int[0]);
        assertArrayEquals(new float[] {NO, logits[1], NO, NO, NO}, shaped);
    }

    @Test
    void pOfOneKeepsEverything() {
        float[] logits = logitsOf(0.25, 0.25, 0.5);
        float[] shaped = logits.clone();
        withP("1").reshape(shaped, new int[0]);
        assertArrayEquals(logits, shaped);
    }

    @Test
    void pOutsideZeroToOneNamesTheKey() {
        assertEquals("sampler.top-p.p must be in (0, 1], was 0.0", assertThrows(ConfigException.class, () -> withP("0")).getMessage());
        assertEquals("sampler.top-p.p must be in (0, 1], was 1.5", assertThrows(ConfigException.class, () -> withP("1.5")).getMessage());
    }
}
