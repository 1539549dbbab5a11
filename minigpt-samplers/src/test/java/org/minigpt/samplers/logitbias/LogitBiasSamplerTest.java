package org.minigpt.samplers.logitbias;

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
import org.minigpt.samplers.Frequencies;
import org.minigpt.samplers.Letters;

class LogitBiasSamplerTest extends SamplerContract {
    private static final Letters LETTERS = new Letters("abc\n");

    @Override
    protected SamplerFactory factory() {
        return new LogitBiasSamplerFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("ids", "0=1.5, 2=-inf");
    }

    private Sampler with(String key, String value) {
        return factory().create(new PluginConfig("sampler.logit-bias", Map.of(key, value)), LETTERS);
    }

    private static float[] after(Sampler sampler, String history) {
        float[] logits = new float[LETTERS.vocabSize()];
        sampler.reshape(logits, LETTERS.encode(history));
        return logits;
    }

    @Test
    void idsGetTheirBiasAndMinusInfinityBansThem() {
        assertArrayEquals(new float[] {1.5f, 0, Float.NEGATIVE_INFINITY, 0}, after(with("ids", "0=1.5, 2=-inf"), ""));
    }

    @Test
    void aTextOfOneTokenIsBiasedAlways() {
        assertArrayEquals(new float[] {0, 0, 0, -3}, after(with("text", "\"\\n\"=-3"), "ab"));
    }

    @Test
    void aTextOfSeveralTokensBiasesItsLastOnlyAfterTheOthers() {
        Sampler sampler = with("text", "\"abc\"=2");
        assertArrayEquals(new float[] {0, 0, 2, 0}, after(sampler, "cab"));
        assertArrayEquals(new float[] {0, 0, 0, 0}, after(sampler, "cb"));
        assertArrayEquals(new float[] {0, 0, 0, 0}, after(sampler, "b"));
    }

    @Test
    void biasedTokensAreDrawnAsOftenAsTheirShiftedSoftmax() {
        double[] frequencies = Frequencies.of(with("ids", "1=" + Math.log(3)), new float[] {0, 0, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY}, new int[0], 40_000, 4);
        assertArrayEquals(new double[] {0.25, 0.75, 0, 0}, frequencies, 0.01);
        double[] banned = Frequencies.of(with("ids", "0=-inf"), new float[] {5, 0, 0, 0}, new int[0], 10_000, 4);
        assertEquals(0, banned[0]);
    }

    @Test
    void badSettingsSayWhatIsWrongInOneLine() {
        assertEquals("sampler.logit-bias.text: no token for 'z'",
                assertThrows(ConfigException.class, () -> with("text", "\"z\"=1")).getMessage());
        assertEquals("sampler.logit-bias.ids has the id 9 but the run's tokens are 0 to 3",
                assertThrows(ConfigException.class, () -> with("ids", "9=1")).getMessage());
        assertEquals("sampler.logit-bias.ids has the bias 'lots' but a bias is a finite number or -inf",
                assertThrows(ConfigException.class, () -> with("ids", "1=lots")).getMessage());
        assertEquals("sampler.logit-bias.ids has '1' but needs ID=BIAS entries separated by commas, e.g."
                + " sampler.logit-bias.ids=0=-5,12=2", assertThrows(ConfigException.class, () -> with("ids", "1")).getMessage());
        assertEquals("sampler.logit-bias.text needs the run's tokenizer; give token ids in sampler.logit-bias.ids",
                assertThrows(ConfigException.class, () -> factory().create(new PluginConfig("sampler.logit-bias",
                        Map.of("text", "\"a\"=1")))).getMessage());
    }
}
