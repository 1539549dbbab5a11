package org.minigpt.samplers.typical;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=typical-p}, with {@code sampler.typical-p.p} in (0, 1] (default 0.9). */
@AutoService(SamplerFactory.class)
public final class TypicalPSamplerFactory implements SamplerFactory {
    public static final String NAME = "typical-p";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps the tokens whose surprise is closest to the entropy, holding probability p (locally typical sampling)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TypicalPSampler.P);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return TypicalPSampler.from(config);
    }
}
