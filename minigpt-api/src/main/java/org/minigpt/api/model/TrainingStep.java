package org.minigpt.api.model;

/**
 * How to make one update.
 *
 * @param index the number of updates made before this one, from 0
 * @param learningRate this step's learning rate, from the schedule
 * @param maxGradientNorm the gradients are scaled down so that their global L2 norm is at most this;
 *     {@code Double.POSITIVE_INFINITY} turns clipping off
 */
public record TrainingStep(long index, double learningRate, double maxGradientNorm) {
    public TrainingStep {
        if (index < 0 || !(learningRate >= 0) || !(maxGradientNorm > 0)) {
            throw new IllegalArgumentException("step " + index + ", learning rate " + learningRate
                    + ", max gradient norm " + maxGradientNorm);
        }
    }
}
