package org.minigpt.api.model;

/**
 * {@code size} windows of {@code length} tokens, row-major: {@code targets} are {@code inputs}
 * shifted left by one token in the text. A target of {@link #IGNORED} is not scored: the loss is the
 * mean over the other targets (instruction tuning scores only the assistant's tokens; padding is never scored).
 */
public record Batch(int size, int length, int[] inputs, int[] targets) {
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
}
