package org.minigpt.samplers.minp;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=min-p}, with {@code sampler.min-p.p} in [0, 1] (default 0.05). */
@AutoService(SamplerFactory.class)
public final class MinPSamplerFactory implements SamplerFactory {
    public static final String NAME = "min-p";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps tokens with p >= p_max * sampler.min-p.p (in [0, 1], default 0.05)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(MinPSampler.P);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return MinPSampler.from(config);
    }
}
