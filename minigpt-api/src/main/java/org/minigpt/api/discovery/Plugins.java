package org.minigpt.api.discovery;

import java.util.List;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.plugin.PluginFactory;
import org.minigpt.api.reward.RewardFactory;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.sampler.SamplerFactory;
import org.minigpt.api.tokenizer.TokenizerFactory;

/** The five plugin kinds, each discovered from one class loader. */
public record Plugins(
        PluginRegistry<TokenizerFactory> tokenizers,
        PluginRegistry<ModelFactory> models,
        PluginRegistry<OptimizerFactory> optimizers,
        PluginRegistry<SamplerFactory> samplers,
        PluginRegistry<RewardFactory> rewards) {

    public static final String TOKENIZER = "tokenizer";
    public static final String MODEL = "model";
    public static final String OPTIMIZER = "optimizer";
    public static final String SAMPLER = "sampler";
    public static final String REWARD = "reward";

    public static Plugins discover(ClassLoader loader) {
        return new Plugins(
                PluginRegistry.discover(TOKENIZER, TokenizerFactory.class, loader),
                PluginRegistry.discover(MODEL, ModelFactory.class, loader),
                PluginRegistry.discover(OPTIMIZER, OptimizerFactory.class, loader),
                PluginRegistry.discover(SAMPLER, SamplerFactory.class, loader),
                PluginRegistry.discover(REWARD, RewardFactory.class, loader));
    }

    public List<PluginRegistry<? extends PluginFactory>> all() {
        return List.of(tokenizers, models, optimizers, samplers, rewards);
    }
}
