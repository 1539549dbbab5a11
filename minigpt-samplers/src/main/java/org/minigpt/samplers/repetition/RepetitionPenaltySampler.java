package org.minigpt.samplers.repetition;

import java.util.HashMap;
import java.util.Map;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Sampler;

/**
 * Lowers the logit of every token seen in the last {@code window} tokens (0: the whole history).
 * For a token seen {@code c} times: first the multiplicative penalty of CTRL (Keskar et al. 2019,
 * as in Hugging Face): {@code logit / penalty} when positive, {@code logit * penalty} when not; then
 * the additive penalties of OpenAI's API: {@code logit - presence - frequency * c}.
 */
public record RepetitionPenaltySampler(double penalty, double presence, double frequency, int window) implements Sampler {
    public static final String PENALTY = "penalty";
    public static final String PRESENCE = "presence";
    public static final String FREQUENCY = "frequency";
    public static final String WINDOW = "window";

    public RepetitionPenaltySampler {
        ConfigException.requirePositive("sampler.repetition-penalty.penalty", penalty);
        ConfigException.requireInClosedRange("sampler.repetition-penalty.presence", presence, -2, 2);
        ConfigException.requireInClosedRange("sampler.repetition-penalty.frequency", frequency, -2, 2);
        ConfigException.requireAtLeast("sampler.repetition-penalty.window", window, 0);
    }

    static RepetitionPenaltySampler from(PluginConfig config) {
        double penalty = ConfigException.requirePositive(config.key(PENALTY), config.decimal(PENALTY, 1.1));
        double presence = ConfigException.requireInClosedRange(config.key(PRESENCE), config.decimal(PRESENCE, 0), -2, 2);
        double frequency = ConfigException.requireInClosedRange(config.key(FREQUENCY), config.decimal(FREQUENCY, 0), -2, 2);
        int window = ConfigException.requireAtLeast(config.key(WINDOW), config.integer(WINDOW, 64), 0);
        return new RepetitionPenaltySampler(penalty, presence, frequency, window);
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
