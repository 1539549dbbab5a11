package org.minigpt.samplers.mirostat;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=mirostat}: {@code sampler.mirostat.tau} (bits per token, > 0, default 3) and {@code .eta} (in (0, 1], default 0.1). */
@AutoService(SamplerFactory.class)
public final class MirostatSamplerFactory implements SamplerFactory {
    public static final String NAME = "mirostat";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "mirostat 2.0: truncates to hold the text's surprise near tau bits a token, learning at rate eta";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(MirostatSampler.TAU, MirostatSampler.ETA);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return MirostatSampler.from(config);
    }
}
