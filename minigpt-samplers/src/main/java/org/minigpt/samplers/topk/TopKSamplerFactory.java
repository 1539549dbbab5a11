package org.minigpt.samplers.topk;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=top-k}, with {@code sampler.top-k.k} (default 10). */
@AutoService(SamplerFactory.class)
public final class TopKSamplerFactory implements SamplerFactory {
    public static final String NAME = "top-k";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps the sampler.top-k.k most likely tokens (>= 1, default 10)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TopKSampler.K);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return TopKSampler.from(config);
    }
}
