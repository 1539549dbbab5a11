package org.minigpt.samplers.topp;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=top-p}, with {@code sampler.top-p.p} in (0, 1] (default 0.9). */
@AutoService(SamplerFactory.class)
public final class TopPSamplerFactory implements SamplerFactory {
    public static final String NAME = "top-p";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps the most likely tokens holding probability p; sampler.top-p.p in (0, 1], default 0.9";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TopPSampler.P);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return TopPSampler.from(config);
    }
}
