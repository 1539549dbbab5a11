package org.minigpt.api.sampler;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.plugin.PluginFactory;

/**
 * Makes {@link Sampler}s; selected by {@code sampler=<name>} or as one step of a chain
 * ({@code sampler=<a>,<b>}), configured under {@code sampler.<name>.} (e.g. {@code sampler.top-k.k=10}).
 */
public interface SamplerFactory extends PluginFactory {
    Sampler create(PluginConfig config);
}
