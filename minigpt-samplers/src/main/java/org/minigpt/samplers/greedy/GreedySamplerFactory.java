package org.minigpt.samplers.greedy;

import com.google.auto.service.AutoService;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=greedy}: the argmax of the logits; deterministic, no settings. */
@AutoService(SamplerFactory.class)
public final class GreedySamplerFactory implements SamplerFactory {
    public static final String NAME = "greedy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "always the most likely token";
    }

    @Override
    public Sampler create(PluginConfig config) {
        return (logits, rng) -> Logits.argmax(logits);
    }
}
