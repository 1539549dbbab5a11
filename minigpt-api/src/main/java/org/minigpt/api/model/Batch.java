package org.minigpt.api.model;

/**
 * {@code size} windows of {@code length} tokens, row-major: {@code targets} are {@code inputs}
 * shifted left by one token in the text.
 */
public record Batch(int size, int length, int[] inputs, int[] targets) {
    public Batch {
        if (size < 1 || length < 1) {
            throw new IllegalArgumentException("batch " + size + "x" + length + " is empty");
        }
        if (inputs.length != size * length || targets.length != size * length) {
            throw new IllegalArgumentException("batch " + size + "x" + length + " needs " + size * length
                    + " inputs and targets, got " + inputs.length + " and " + targets.length);
        }
    }
}
