package org.minigpt.example.norepeat;

import com.google.auto.service.AutoService;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=no-repeat}, with {@code sampler.no-repeat.window} (default 1). */
@AutoService(SamplerFactory.class)
public final class NoRepeatSamplerFactory implements SamplerFactory {
    public static final String NAME = "no-repeat";
    public static final String WINDOW = "window";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "never repeats a token from the last sampler.no-repeat.window tokens (default 1)";
    }

    @Override
    public Sampler create(PluginConfig config) {
        return new NoRepeatSampler(ConfigException.requireAtLeast(config.key(WINDOW), config.integer(WINDOW, 1), 1));
    }
}
