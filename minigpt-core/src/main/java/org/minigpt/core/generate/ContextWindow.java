package org.minigpt.core.generate;

import java.util.Arrays;
import org.minigpt.api.model.Decoder;

/**
 * How a completion's tokens go into a sequence of a window of {@code contextLength}: a prompt longer than the
 * window by its last window; once the sequence is full, it starts again from the last half of the window, so
 * each later token sees between half a window and a whole one.
 */
final class ContextWindow {
    private ContextWindow() {
    }

    /** The positions a completion's own sequence reserves: its whole length, at most a window. */
    static int positions(int promptLength, int maxTokens, int window) {
        return (int) Math.min(window, (long) promptLength + maxTokens);
    }

    /** The positions a fork of a sequence that holds the prompt reserves for its own tokens. */
    static int forkPositions(int promptLength, int maxTokens, int window) {
        return (long) promptLength + maxTokens <= window ? Math.max(1, maxTokens) : window;
    }

    /** The prompt's tokens that go into a new sequence. */
    static int[] prompt(int[] prompt, int window) {
        return tail(prompt, window);
    }

    /** What to feed {@code sequence} after {@code history}'s newest token; clears it when it is full. */
    static int[] next(Decoder.Sequence sequence, int[] history, int window) {
        if (sequence.length() < window) {
            return new int[] {history[history.length - 1]};
        }
        sequence.clear();
        return tail(history, Math.max(1, window / 2));
    }

    private static int[] tail(int[] tokens, int length) {
        return Arrays.copyOfRange(tokens, Math.max(0, tokens.length - length), tokens.length);
    }
}
