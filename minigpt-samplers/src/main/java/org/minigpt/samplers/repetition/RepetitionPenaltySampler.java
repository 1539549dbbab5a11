package org.minigpt.samplers.repetition;

import java.util.HashMap;
import java.util.Map;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;

/**
 * Lowers the logit of every token seen in the last {@code window} tokens (0: the whole history).
 * For a token seen {@code c} times: first the multiplicative penalty of CTRL (Keskar et al. 2019,
 * as in Hugging Face): {@code logit / penalty} when positive, {@code logit * penalty} when not; then
 * the additive penalties of OpenAI's API: {@code logit - presence - frequency * c}.
 */
public record RepetitionPenaltySampler(double penalty, double presence, double frequency, int window) implements Sampler {
    static final String SECTION = "sampler." + RepetitionPenaltySamplerFactory.NAME;
    static final Setting<Double> PENALTY = Setting.decimal("penalty", 1.1, Range.positive(),
            "seen tokens: positive logits divided by it, negative multiplied");
    static final Setting<Double> PRESENCE = Setting.decimal("presence", 0, Range.closed(-2, 2),
            "subtracted once from each seen token's logit");
    static final Setting<Double> FREQUENCY = Setting.decimal("frequency", 0, Range.closed(-2, 2),
            "subtracted per occurrence");
    static final Setting<Integer> WINDOW = Setting.integer("window", 64, Range.atLeast(0),
            "how many recent tokens count as seen (0: all)");

    public RepetitionPenaltySampler {
        PENALTY.check(SECTION, penalty);
        PRESENCE.check(SECTION, presence);
        FREQUENCY.check(SECTION, frequency);
        WINDOW.check(SECTION, window);
    }

    static RepetitionPenaltySampler from(PluginConfig config) {
        return new RepetitionPenaltySampler(config.get(PENALTY), config.get(PRESENCE), config.get(FREQUENCY), config.get(WINDOW));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        int from = window == 0 ? 0 : Math.max(0, history.length - window);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = from; i < history.length; i++) {
            counts.merge(history[i], 1, Integer::sum);
        }
        counts.forEach((token, count) -> {
            double logit = logits[token];
            logit = logit > 0 ? logit / penalty : logit * penalty;
            logits[token] = (float) (logit - presence - frequency * count);
        });
    }
}
