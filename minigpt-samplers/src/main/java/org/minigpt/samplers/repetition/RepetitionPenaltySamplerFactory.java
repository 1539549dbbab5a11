package org.minigpt.samplers.repetition;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/**
 * {@code sampler=repetition-penalty}: {@code sampler.repetition-penalty.penalty} (> 0, default 1.1),
 * {@code .presence} and {@code .frequency} (in [-2, 2], default 0), {@code .window} (default 64).
 */
@AutoService(SamplerFactory.class)
public final class RepetitionPenaltySamplerFactory implements SamplerFactory {
    public static final String NAME = "repetition-penalty";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "penalises tokens seen in the last window tokens (penalty, presence, frequency, window)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(RepetitionPenaltySampler.PENALTY, RepetitionPenaltySampler.PRESENCE, RepetitionPenaltySampler.FREQUENCY, RepetitionPenaltySampler.WINDOW);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return RepetitionPenaltySampler.from(config);
    }
}
