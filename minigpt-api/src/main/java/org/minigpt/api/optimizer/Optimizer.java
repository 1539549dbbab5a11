package org.minigpt.api.optimizer;

/**
 * An optimisation algorithm. The model's engine asks it for one {@link ParameterUpdater} per
 * parameter tensor before training, in its own tensor type.
 */
public interface Optimizer {
    /** The configured peak learning rate; the training schedule scales it step by step. */
    double learningRate();

    /**
     * The updater for {@code parameter}, working on the engine's {@code tensorType}.
     *
     * @throws org.minigpt.api.config.ConfigException if this optimizer does not support that engine
     */
    <T> ParameterUpdater<T> updaterFor(ParameterInfo parameter, Class<T> tensorType);
}
