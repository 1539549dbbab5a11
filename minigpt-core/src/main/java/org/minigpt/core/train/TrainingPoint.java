package org.minigpt.core.train;

import java.time.Duration;
import java.util.Map;

/**
 * A point of the training curve.
 *
 * @param loss the mean training loss since the previous point, nats per token
 * @param valLoss the held-out loss measured at this step, NaN when this step was not evaluated
 * @param bestValLoss the lowest held-out loss so far, NaN before the first evaluation
 * @param tokensPerSecond training throughput since the previous point
 * @param elapsed training time so far, across resumes
 * @param measures the step driver's own measures by name ({@link StepDriver#measureNames()}): their means since the
 *     previous point, and at an evaluated point its evaluation's; NaN where a measure was not taken
 */
public record TrainingPoint(long step, long totalSteps, long tokens, double loss, double valLoss, double bestValLoss,
        double learningRate, double gradientNorm, double tokensPerSecond, Duration elapsed, Map<String, Double> measures) {
    public boolean evaluated() {
        return !Double.isNaN(valLoss);
    }
}
