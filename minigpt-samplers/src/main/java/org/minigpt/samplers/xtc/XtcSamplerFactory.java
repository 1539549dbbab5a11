package org.minigpt.samplers.xtc;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=xtc}: {@code sampler.xtc.threshold} (in [0, 0.5], default 0.1) and {@code .probability} (in [0, 1], default 0.5). */
@AutoService(SamplerFactory.class)
public final class XtcSamplerFactory implements SamplerFactory {
    public static final String NAME = "xtc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "XTC: at chance probability, drops all tokens above threshold but the least likely of them";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(XtcSampler.THRESHOLD, XtcSampler.PROBABILITY);
    }

    @Override
    public Sampler create(PluginConfig config) {
        return XtcSampler.from(config);
    }
}
