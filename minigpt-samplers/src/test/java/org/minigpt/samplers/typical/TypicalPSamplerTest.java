package org.minigpt.samplers.typical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minigpt.samplers.Frequencies.logitsOf;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;
import org.minigpt.samplers.Frequencies;

class TypicalPSamplerTest extends SamplerContract {
    private static final float NO = Float.NEGATIVE_INFINITY;
    // Surprises 1, 2, 3, 3 bits around an entropy of 1.75 bits: token 1 is the most typical, then 0, then 2 and 3.
    private static final float[] LOGITS = logitsOf(0.5, 0.25, 0.125, 0.125);

    @Override
    protected SamplerFactory factory() {
        return new TypicalPSamplerFactory();
    }

    private Sampler withP(String p) {
        return factory().create(new PluginConfig("sampler.typical-p", Map.of("p", p)));
    }

    private float[] shaped(String p) {
        float[] logits = LOGITS.clone();
        withP(p).reshape(logits, new int[0]);
        return logits;
    }

    @Test
    void keepsTheMostTypicalTokensFirstEvenOverTheMostLikely() {
        assertArrayEquals(new float[] {NO, LOGITS[1], NO, NO}, shaped("0.2"));
        assertArrayEquals(new float[] {LOGITS[0], LOGITS[1], NO, NO}, shaped("0.3"));
        assertArrayEquals(new float[] {LOGITS[0], LOGITS[1], LOGITS[2], NO}, shaped("0.8"));
        assertArrayEquals(LOGITS, shaped("1"));
    }

    @Test
    void drawsFromTheKeptTokensInProportion() {
        double[] frequencies = Frequencies.of(withP("0.8"), LOGITS, new int[0], 40_000, 5);
        assertArrayEquals(new double[] {0.5 / 0.875, 0.25 / 0.875, 0.125 / 0.875, 0}, frequencies, 0.01);
    }

    @Test
    void pOutsideZeroToOneNamesTheKey() {
        assertEquals("sampler.typical-p.p must be in (0, 1], was 0.0", assertThrows(ConfigException.class, () -> withP("0")).getMessage());
    }
}
