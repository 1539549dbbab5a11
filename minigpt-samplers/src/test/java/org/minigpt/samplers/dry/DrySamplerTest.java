package org.minigpt.samplers.dry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;
import org.minigpt.samplers.Frequencies;
import org.minigpt.samplers.Letters;

class DrySamplerTest extends SamplerContract {
    private static final Letters LETTERS = new Letters("abcdx\n:");

    @Override
    protected SamplerFactory factory() {
        return new DrySamplerFactory();
    }

    private Sampler with(String... settings) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return factory().create(new PluginConfig("sampler.dry", map), LETTERS);
    }

    /** The logits, all 0 to start, after the sampler saw {@code history}. */
    private static float[] after(Sampler sampler, String history) {
        float[] logits = new float[LETTERS.vocabSize()];
        sampler.reshape(logits, LETTERS.encode(history));
        return logits;
    }

    private static float[] penalty(char token, double amount) {
        float[] logits = new float[LETTERS.vocabSize()];
        logits[LETTERS.alphabet().indexOf(token)] = (float) -amount;
        return logits;
    }

    @Test
    void aTokenThatWouldExtendARepeatLosesMultiplierTimesBaseToItsLengthOverTheAllowed() {
        assertArrayEquals(penalty('c', 0.8), after(with(), "abcab")); // "ab" then c: a repeat of 2
        assertArrayEquals(penalty('d', 0.8 * 1.75), after(with(), "abcdabc")); // "abc" then d: 3
        assertArrayEquals(penalty('d', 2 * 3), after(with("multiplier", "2", "base", "3"), "abcdabc"));
    }

    @Test
    void repeatsShorterThanTheAllowedLengthAreFree() {
        assertArrayEquals(new float[LETTERS.vocabSize()], after(with(), "abxb"));
        assertArrayEquals(penalty('x', 0.8), after(with("allowed_length", "1"), "abxb"));
    }

    @Test
    void aRepeatStopsAtASequenceBreaker() {
        // Without breakers "\nb" then c repeats 3 tokens ("a\nb"); the line break cuts it to 1.
        assertArrayEquals(penalty('c', 0.8 * 1.75 * 1.75), after(with("allowed_length", "1", "breakers", ""), "a\nbca\nb"));
        assertArrayEquals(penalty('c', 0.8), after(with("allowed_length", "1"), "a\nbca\nb"));
        assertArrayEquals(new float[LETTERS.vocabSize()], after(with(), "ab:ab:"), "nothing after a breaker");
        assertArrayEquals(new float[LETTERS.vocabSize()], after(with(), "ab\nab"), "a breaker is never penalised");
    }

    @Test
    void onlyTheRangeIsSearched() {
        assertArrayEquals(penalty('c', 0.8), after(with("range", "5"), "abcab"));
        assertArrayEquals(new float[LETTERS.vocabSize()], after(with("range", "4"), "abcab"));
    }

    @Test
    void aLongRepeatGivesAFinitePenaltyBelowEveryOtherLogit() {
        String history = "ab".repeat(400) + "a";
        float[] logits = after(with("base", "10"), history);
        int b = LETTERS.alphabet().indexOf('b');
        assertTrue(Float.isFinite(logits[b]) && logits[b] < -1e30, "logit " + logits[b]);
    }

    @Test
    void theRepeatsContinuationIsDrawnAsOftenAsItsPenalisedProbability() {
        float[] uniform = new float[LETTERS.vocabSize()];
        double[] frequencies = Frequencies.of(with("multiplier", "1"), uniform, LETTERS.encode("abcdab"), 40_000, 3);
        double penalised = Math.exp(-1);
        assertEquals(penalised / (LETTERS.vocabSize() - 1 + penalised), frequencies[LETTERS.alphabet().indexOf('c')], 0.005);
    }

    @Test
    void breakersTheTokenizerCannotWriteAreLeftOut() {
        DrySampler sampler = (DrySampler) with("breakers", "\"*\", \"\\n\"");
        assertEquals(Set.of(LETTERS.alphabet().indexOf('\n')), sampler.breakers());
    }

    @Test
    void badSettingsNameTheirKey() {
        assertEquals("sampler.dry.base must be a number > 1, was 1.0",
                assertThrows(ConfigException.class, () -> with("base", "1")).getMessage());
        assertEquals("sampler.dry.allowed_length must be an integer >= 1, was 0",
                assertThrows(ConfigException.class, () -> with("allowed_length", "0")).getMessage());
        assertEquals("sampler.dry.breakers lists texts only, but \":\" has =2",
                assertThrows(ConfigException.class, () -> with("breakers", "\":\"=2")).getMessage());
    }
}
