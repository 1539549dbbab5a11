package org.minigpt.api.optimizer;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.plugin.PluginFactory;

/** Makes {@link Optimizer}s; selected by {@code optimizer=<name>}, configured under {@code optimizer.}. */
public interface OptimizerFactory extends PluginFactory {
    Optimizer create(PluginConfig config);
}
