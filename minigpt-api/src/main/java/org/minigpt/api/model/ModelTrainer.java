package org.minigpt.api.model;

/** Trains one model with one optimizer; holds the optimizer's state. Not thread-safe. */
public interface ModelTrainer {
    /**
     * One step: forward, cross-entropy, backward and an optimizer update at {@code learningRate}.
     *
     * @return the batch's mean cross-entropy before the update, in nats per token
     */
    double step(Batch batch, double learningRate);
}
