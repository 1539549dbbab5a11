package org.minigpt.samediff.optimizers.sgd;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.ParameterInfo;
import org.minigpt.api.optimizer.ParameterUpdater;
import org.minigpt.samediff.optimizers.Nd4jUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** {@code value -= lr * gradient}, with optional decoupled weight decay on matrices. */
public record SgdOptimizer(double learningRate, double weightDecay) implements Optimizer {
    static final Setting<Double> LR = Setting.decimal("lr", 0.1, Range.positive(), "the peak learning rate");
    static final Setting<Double> WEIGHT_DECAY = Setting.decimal("weight_decay", 0, Range.closed(0, 1),
            "decoupled weight decay on weight matrices and embeddings");

    static SgdOptimizer from(PluginConfig config) {
        return new SgdOptimizer(config.get(LR), config.get(WEIGHT_DECAY));
    }

    @Override
    public <T> ParameterUpdater<T> updaterFor(ParameterInfo parameter, Class<T> tensorType) {
        return Nd4jUpdater.forParameter(SgdOptimizerFactory.NAME, parameter, tensorType, () -> new Sgd(learningRate), weightDecay);
    }
}
