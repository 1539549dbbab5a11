package org.minigpt.samediff.optimizers.adamw;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.ParameterInfo;
import org.minigpt.api.optimizer.ParameterUpdater;
import org.minigpt.samediff.optimizers.Nd4jUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam with decoupled weight decay on weight matrices. Defaults: the recipe that reaches the tutorial's
 * quality in the least time on the tutorial's model with the default warmup, cosine decay and clipping
 * (lr 3e-3, betas 0.9/0.99, decay 0.1); the tutorial's own AdamW is lr 3e-4, betas 0.9/0.999, decay 0.01.
 */
public record AdamWOptimizer(double learningRate, double weightDecay, double beta1, double beta2, double epsilon)
        implements Optimizer {
    public static final String LR = "lr";
    public static final String WEIGHT_DECAY = "weight_decay";
    public static final String BETA1 = "beta1";
    public static final String BETA2 = "beta2";
    public static final String EPSILON = "epsilon";

    static AdamWOptimizer from(PluginConfig config) {
        double lr = ConfigException.requirePositive(config.key(LR), config.decimal(LR, 3e-3));
        double decay = ConfigException.requireInClosedRange(config.key(WEIGHT_DECAY), config.decimal(WEIGHT_DECAY, 0.1), 0, 1);
        double beta1 = ConfigException.requireInHalfOpenRange(config.key(BETA1), config.decimal(BETA1, 0.9), 0, 1);
        double beta2 = ConfigException.requireInHalfOpenRange(config.key(BETA2), config.decimal(BETA2, 0.99), 0, 1);
        double epsilon = ConfigException.requirePositive(config.key(EPSILON), config.decimal(EPSILON, 1e-8));
        return new AdamWOptimizer(lr, decay, beta1, beta2, epsilon);
    }

    @Override
    public <T> ParameterUpdater<T> updaterFor(ParameterInfo parameter, Class<T> tensorType) {
        return Nd4jUpdater.forParameter(AdamWOptimizerFactory.NAME, parameter, tensorType,
                () -> new Adam(learningRate, beta1, beta2, epsilon), weightDecay);
    }
}
