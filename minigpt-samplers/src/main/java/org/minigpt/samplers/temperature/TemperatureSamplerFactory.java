package org.minigpt.samplers.temperature;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=temperature}: divides the logits by {@code sampler.temperature.value} (default 0.8, the tutorial's). */
@AutoService(SamplerFactory.class)
public final class TemperatureSamplerFactory implements SamplerFactory {
    public static final String NAME = "temperature";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "divides the logits by sampler.temperature.value (> 0, default 0.8)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TemperatureSampler.VALUE);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return TemperatureSampler.from(config);
    }
}
