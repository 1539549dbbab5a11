package org.minigpt.samediff.optimizers.sgd;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;

/** {@code optimizer=sgd}: {@code optimizer.lr} (default 0.1), {@code optimizer.weight_decay} (default 0). */
@AutoService(OptimizerFactory.class)
public final class SgdOptimizerFactory implements OptimizerFactory {
    public static final String NAME = "sgd";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "stochastic gradient descent (ND4J Sgd updater)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(SgdOptimizer.LR, SgdOptimizer.WEIGHT_DECAY);
    }

    @Override
    public Optimizer create(PluginConfig config) {
        return SgdOptimizer.from(config);
    }
}
