package org.minigpt.samplers.minp;

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

class MinPSamplerTest extends SamplerContract {
    private static final float NO = Float.NEGATIVE_INFINITY;

    @Override
    protected SamplerFactory factory() {
        return new MinPSamplerFactory();
    }

    private Sampler withP(String p) {
        return factory().create(new PluginConfig("sampler.min-p", Map.of("p", p)));
    }

    @Test
    void keepsTokensAtLeastMinPTimesAsLikelyAsTheBest() {
        // Probabilities 0.5, 0.3, 0.12, 0.08: with min_p 0.2 the bar is 0.1.
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.12), (float) Math.log(0.08)};
        float[] shaped = logits.clone();
        withP("0.2").reshape(shaped, new int[0]);
        assertArrayEquals(new float[] {logits[0], logits[1], logits[2], NO}, shaped);

        shaped = logits.clone();
        withP("1").reshape(shaped, new int[0]);
        assertArrayEquals(new float[] {logits[0], NO, NO, NO}, shaped);

        shaped = logits.clone();
        withP("0").reshape(shaped, new int[0]);
        assertArrayEquals(logits, shaped);
    }

    @Test
    void minPOutsideZeroToOneNamesTheKey() {
        assertEquals("sampler.min-p.p must be in [0.0, 1.0], was 1.2", assertThrows(ConfigException.class, () -> withP("1.2")).getMessage());
    }
}
