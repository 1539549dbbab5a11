package org.minigpt.samplers.greedy;

import com.google.auto.service.AutoService;
import java.util.random.RandomGenerator;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

/** {@code sampler=greedy}: picks the largest logit; deterministic, no settings. Last in a chain. */
@AutoService(SamplerFactory.class)
public final class GreedySamplerFactory implements SamplerFactory {
    public static final String NAME = "greedy";

    private static final Sampler GREEDY = new Sampler() {
        @Override
        public int pick(float[] logits, RandomGenerator rng) {
            return Logits.argmax(logits);
        }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "always the most likely token";
    }

    @Override
    public boolean picksOnly() {
        return true;
    }

    @Override
    public Sampler create(PluginConfig config) {
        return GREEDY;
    }
}
