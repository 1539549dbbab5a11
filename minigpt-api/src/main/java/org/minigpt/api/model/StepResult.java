package org.minigpt.api.model;

/**
 * What one update measured.
 *
 * @param loss the batch's mean cross-entropy before the update, in nats per token
 * @param gradientNorm the global L2 norm of the gradients before clipping
 */
public record StepResult(double loss, double gradientNorm) {
}
