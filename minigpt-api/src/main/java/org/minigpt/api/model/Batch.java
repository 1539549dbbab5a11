package org.minigpt.api.model;

/**
 * {@code size} windows of {@code length} tokens, row-major: {@code targets} are {@code inputs}
 * shifted left by one token in the text. A target of {@link #IGNORED} is not scored. The loss is
 * {@code Σ weight · cross-entropy / scored targets}, the sum over the scored targets: with no {@code weights}
 * every weight is 1 and the loss is their mean (instruction tuning scores only the assistant's tokens; padding
 * is never scored); a policy-gradient step weighs each answer's tokens by its advantage.
 *
 * @param weights a real weight per target, or null for 1 everywhere; an ignored target's weight is not read
 */
public record Batch(int size, int length, int[] inputs, int[] targets, float[] weights) {
    /** The target of a position the loss leaves out, as PyTorch's {@code ignore_index=-1}. */
    public static final int IGNORED = -1;

    public Batch {
        if (size < 1 || length < 1) {
            throw new IllegalArgumentException("batch " + size + "x" + length + " is empty");
        }
        if (inputs.length != size * length || targets.length != size * length) {
            throw new IllegalArgumentException("batch " + size + "x" + length + " needs " + size * length
                    + " inputs and targets, got " + inputs.length + " and " + targets.length);
        }
        if (weights != null && weights.length != targets.length) {
            throw new IllegalArgumentException("batch " + size + "x" + length + " needs " + targets.length
                    + " weights, got " + weights.length);
        }
    }

    /** Every scored target weighs 1: the loss is the mean cross-entropy over them. */
    public Batch(int size, int length, int[] inputs, int[] targets) {
        this(size, length, inputs, targets, null);
    }

    /** How many targets the loss scores: those not {@link #IGNORED}. */
    public int scoredTargets() {
        int scored = 0;
        for (int target : targets) {
            if (target != IGNORED) {
                scored++;
            }
        }
        return scored;
    }

    /** The weight of target {@code i}: 0 when it is ignored. */
    public float weight(int i) {
        return targets[i] == IGNORED ? 0f : weights == null ? 1f : weights[i];
    }

    /** Rows {@code from} to {@code to} (exclusive) as a batch of their own, weights included. */
    public Batch rows(int from, int to) {
        int start = from * length;
        int end = to * length;
        return new Batch(to - from, length, java.util.Arrays.copyOfRange(inputs, start, end),
                java.util.Arrays.copyOfRange(targets, start, end),
                weights == null ? null : java.util.Arrays.copyOfRange(weights, start, end));
    }
}
