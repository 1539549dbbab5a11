package org.minigpt.api.model;

/** What generation needs of a model: the logits of the token after a context. */
public interface NextTokenModel {
    int vocabSize();

    int contextLength();

    /**
     * The logits of the token after {@code context}, a new array of {@code vocabSize} values;
     * {@code context} must not be empty. At most the last {@code contextLength} tokens are used. A
     * model may keep a cache between calls, so that a context that continues the previous one by a
     * token costs one position; past its window it may then see fewer tokens, but never fewer than
     * half a window. Generation passes the whole history on each call.
     */
    float[] nextTokenLogits(int[] context);
}
