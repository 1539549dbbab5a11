package org.minigpt.samediff.optimizers.adamw;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
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
    static final Setting<Double> LR = Setting.decimal("lr", 3e-3, Range.positive(), "the peak learning rate (the tutorial's: 3e-4)");
    static final Setting<Double> WEIGHT_DECAY = Setting.decimal("weight_decay", 0.1, Range.closed(0, 1),
            "decoupled weight decay on weight matrices and embeddings, not biases or norms (the tutorial's: 0.01)");
    static final Setting<Double> BETA1 = Setting.decimal("beta1", 0.9, Range.halfOpen(0, 1), "Adam's first-moment decay");
    static final Setting<Double> BETA2 = Setting.decimal("beta2", 0.99, Range.halfOpen(0, 1),
            "Adam's second-moment decay (the tutorial's: 0.999)");
    static final Setting<Double> EPSILON = Setting.decimal("epsilon", 1e-8, Range.positive(), "added to Adam's denominator");

    static AdamWOptimizer from(PluginConfig config) {
        return new AdamWOptimizer(config.get(LR), config.get(WEIGHT_DECAY), config.get(BETA1), config.get(BETA2), config.get(EPSILON));
    }

    @Override
    public <T> ParameterUpdater<T> updaterFor(ParameterInfo parameter, Class<T> tensorType) {
        return Nd4jUpdater.forParameter(AdamWOptimizerFactory.NAME, parameter, tensorType,
                () -> new Adam(learningRate, beta1, beta2, epsilon), weightDecay);
    }
}
