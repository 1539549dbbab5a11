package org.minigpt.samediff.optimizers.adamw;

import com.google.auto.service.AutoService;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;

/** {@code optimizer=adamw}: {@code optimizer.lr}, {@code optimizer.weight_decay}, {@code optimizer.beta1|beta2|epsilon}. */
@AutoService(OptimizerFactory.class)
public final class AdamWOptimizerFactory implements OptimizerFactory {
    public static final String NAME = "adamw";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Adam with decoupled weight decay on matrices (ND4J Adam updater)";
    }

    @Override
    public Optimizer create(PluginConfig config) {
        return AdamWOptimizer.from(config);
    }
}
