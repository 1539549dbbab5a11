package org.minigpt.core.data;

import java.util.Arrays;
import org.minigpt.api.MinigptException;

/** A token stream cut in two: the first part to train on, the last {@code valFraction} held out. */
public record TokenSplit(int[] train, int[] validation) {
    /**
     * Splits at {@code (1 - valFraction) * length}. Both parts must hold at least one window of
     * {@code windowLength} tokens (validation only when {@code valFraction > 0}).
     */
    public static TokenSplit of(int[] tokens, double valFraction, int windowLength) {
        int cut = (int) Math.round(tokens.length * (1 - valFraction));
        TokenSplit split = new TokenSplit(Arrays.copyOfRange(tokens, 0, cut), Arrays.copyOfRange(tokens, cut, tokens.length));
        if (split.train.length < windowLength) {
            throw new MinigptException("the text has " + tokens.length + " tokens, leaving " + split.train.length
                    + " to train on, fewer than one window of model.context_length + 1 = " + windowLength
                    + "; use a longer text or a smaller model.context_length");
        }
        if (valFraction > 0 && split.validation.length < windowLength) {
            throw new MinigptException("train.val_fraction " + valFraction + " holds out " + split.validation.length
                    + " tokens, fewer than one window of model.context_length + 1 = " + windowLength
                    + "; raise train.val_fraction, use a longer text, or set it to 0");
        }
        return split;
    }
}
