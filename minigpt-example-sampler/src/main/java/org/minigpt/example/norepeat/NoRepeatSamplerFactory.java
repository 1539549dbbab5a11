package org.minigpt.example.norepeat;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=no-repeat}, with {@code sampler.no-repeat.window} (default 1). */
@AutoService(SamplerFactory.class)
public final class NoRepeatSamplerFactory implements SamplerFactory {
    public static final String NAME = "no-repeat";
    static final Setting<Integer> WINDOW = Setting.integer("window", 1, Range.atLeast(1), "recent tokens never repeated");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "never repeats a token from the last sampler.no-repeat.window tokens (default 1)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(WINDOW);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return new NoRepeatSampler(config.get(WINDOW));
    }
}
