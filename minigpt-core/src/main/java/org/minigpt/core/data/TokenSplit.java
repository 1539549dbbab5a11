package org.minigpt.core.data;

import org.minigpt.api.MinigptException;

/**
 * A token stream cut in two: the first part to train on, the last {@code valFraction} held out. A
 * corpus of several documents is cut between documents where it can, so no document is in both.
 */
public record TokenSplit(TokenStream train, TokenStream validation) {
    /** Splits an in-memory text at {@code (1 - valFraction) * length}, as {@link #of(TokenStream, long[], double, int)}. */
    public static TokenSplit of(int[] tokens, double valFraction, int windowLength) {
        return of(new ArrayTokens(tokens), new long[] {0}, valFraction, windowLength);
    }

    /**
     * Holds out the last documents whose tokens make up {@code valFraction} of the whole; when the last
     * document alone is more than twice that (one document, or one large one last), cuts by position at
     * {@code (1 - valFraction) * length} instead. Both parts must hold at least one window of
     * {@code windowLength} tokens (validation only when {@code valFraction > 0}).
     *
     * @param documentStarts each document's first token, ascending, the first 0
     */
    public static TokenSplit of(TokenStream tokens, long[] documentStarts, double valFraction, int windowLength) {
        long total = tokens.length();
        long cut = Math.round(total * (1 - valFraction));
        long byDocument = total;
        for (int d = documentStarts.length - 1; d > 0 && total - byDocument < total - cut; d--) {
            byDocument = documentStarts[d];
        }
        if (valFraction > 0 && byDocument > 0 && total - byDocument <= 2 * (total - cut) && byDocument < total) {
            cut = byDocument;
        }
        TokenSplit split = new TokenSplit(tokens.slice(0, cut), tokens.slice(cut, total - cut));
        if (split.train.length() < windowLength) {
            throw new MinigptException("the text has " + total + " tokens, leaving " + split.train.length()
                    + " to train on, fewer than one window of model.context_length + 1 = " + windowLength
                    + "; use a longer text or a smaller model.context_length");
        }
        if (valFraction > 0 && split.validation.length() < windowLength) {
            throw new MinigptException("train.val_fraction " + valFraction + " holds out " + split.validation.length()
                    + " tokens, fewer than one window of model.context_length + 1 = " + windowLength
                    + "; raise train.val_fraction, use a longer text, or set it to 0");
        }
        return split;
    }
}
