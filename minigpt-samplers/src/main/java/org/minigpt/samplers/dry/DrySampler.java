package org.minigpt.samplers.dry;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;

/**
 * DRY, "don't repeat yourself" (p-e-w's sampler in text-generation-webui, koboldcpp and llama.cpp):
 * a token that would extend a repeat of earlier text loses {@code multiplier * base^(n - allowedLength)}
 * from its logit, where {@code n} is the length of the repeat it would extend, once
 * {@code n >= allowedLength}. A repeat is the longest tail of the history that also occurs earlier,
 * followed there by that token; it never spans a sequence breaker, so a name after each line break
 * is not punished. Only the last {@code range} tokens are searched (0: all).
 */
public record DrySampler(double multiplier, double base, int allowedLength, Set<Integer> breakers, int range) implements Sampler {
    /** The log of the largest float: a penalty's exponent is capped so that long repeats cannot overflow. */
    private static final double FLOAT_MAX_LOG = Math.log(Float.MAX_VALUE);

    static final String SECTION = "sampler." + DrySamplerFactory.NAME;
    static final Setting<Double> MULTIPLIER = Setting.decimal("multiplier", 0.8, Range.closed(0, Double.MAX_VALUE),
            "the penalty's scale (0: off)");
    static final Setting<Double> BASE = Setting.decimal("base", 1.75, Range.above(1),
            "the penalty grows as base^(repeat length - allowed_length)");
    static final Setting<Integer> ALLOWED_LENGTH = Setting.integer("allowed_length", 2, Range.atLeast(1),
            "repeats up to this long go unpunished");
    static final Setting<Integer> RANGE = Setting.integer("range", 0, Range.atLeast(0), "tokens searched for repeats (0: all)");
    static final Setting<String> BREAKERS = Setting.text("breakers", "\"\\n\", \":\", \"\\\"\", \"*\"",
            "texts in quotes, separated by commas, that end a repeat");

    public DrySampler {
        MULTIPLIER.check(SECTION, multiplier);
        BASE.check(SECTION, base);
        ALLOWED_LENGTH.check(SECTION, allowedLength);
        RANGE.check(SECTION, range);
        breakers = Set.copyOf(breakers);
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        int from = range == 0 ? 0 : Math.max(0, history.length - range);
        int end = history.length;
        if (multiplier == 0 || end - from < 2 || breakers.contains(history[end - 1])) {
            return;
        }
        Map<Integer, Integer> longest = new HashMap<>();
        int last = history[end - 1];
        for (int i = from; i < end - 1; i++) {
            int next = history[i + 1];
            if (history[i] != last || breakers.contains(next)) {
                continue;
            }
            int length = 1;
            while (i - length >= from && history[i - length] == history[end - 1 - length]
                    && !breakers.contains(history[end - 1 - length])) {
                length++;
            }
            longest.merge(next, length, Math::max);
        }
        double maxExponent = FLOAT_MAX_LOG / Math.log(base);
        longest.forEach((token, length) -> {
            if (length >= allowedLength && token < logits.length && logits[token] != Float.NEGATIVE_INFINITY) {
                double penalty = multiplier * Math.pow(base, Math.min(length - allowedLength, maxExponent));
                // Finite, so a heavily punished token stays below every other but is not mistaken for a dropped one.
                logits[token] = (float) Math.max(logits[token] - penalty, -Float.MAX_VALUE);
            }
        });
    }
}
