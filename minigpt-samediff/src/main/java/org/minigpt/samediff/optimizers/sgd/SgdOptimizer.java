package org.minigpt.samediff.optimizers.sgd;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.ParameterInfo;
import org.minigpt.api.optimizer.ParameterUpdater;
import org.minigpt.samediff.optimizers.Nd4jUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** {@code value -= lr * gradient}, with optional decoupled weight decay on matrices. */
public record SgdOptimizer(double learningRate, double weightDecay) implements Optimizer {
    public static final String LR = "lr";
    public static final String WEIGHT_DECAY = "weight_decay";

    static SgdOptimizer from(PluginConfig config) {
        double lr = ConfigException.requirePositive(config.key(LR), config.decimal(LR, 0.1));
        double decay = ConfigException.requireInClosedRange(config.key(WEIGHT_DECAY), config.decimal(WEIGHT_DECAY, 0), 0, 1);
        return new SgdOptimizer(lr, decay);
    }

    @Override
    public <T> ParameterUpdater<T> updaterFor(ParameterInfo parameter, Class<T> tensorType) {
        return Nd4jUpdater.forParameter(SgdOptimizerFactory.NAME, parameter, tensorType, () -> new Sgd(learningRate), weightDecay);
    }
}
