package org.minigpt.samediff.optimizers.adamw;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
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
    public List<Setting<?>> settings() {
        return List.of(AdamWOptimizer.LR, AdamWOptimizer.WEIGHT_DECAY, AdamWOptimizer.BETA1, AdamWOptimizer.BETA2, AdamWOptimizer.EPSILON);
    }

    @Override
    public Optimizer create(PluginConfig config) {
        return AdamWOptimizer.from(config);
    }
}
