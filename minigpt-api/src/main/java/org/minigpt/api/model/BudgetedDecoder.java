package org.minigpt.api.model;

/**
 * What every {@link Decoder} keeps alike, for implementations to extend: its vocabulary and window, its cache
 * budget in positions with what its sequences have reserved, and the checks of sizes and tokens it is given.
 */
public abstract class BudgetedDecoder implements Decoder {
    private final int vocabSize;
    private final int contextLength;
    private final long capacity;
    private long reserved;

    /** @param capacity the positions all sequences may hold at once */
    protected BudgetedDecoder(int vocabSize, int contextLength, long capacity) {
        this.vocabSize = vocabSize;
        this.contextLength = contextLength;
        this.capacity = capacity;
    }

    @Override
    public final int vocabSize() {
        return vocabSize;
    }

    @Override
    public final int contextLength() {
        return contextLength;
    }

    @Override
    public final long capacity() {
        return capacity;
    }

    @Override
    public final long available() {
        return capacity - reserved;
    }

    /** Reserves {@code positions} if they are available; false, reserving nothing, if not. */
    protected final boolean reserve(long positions) {
        if (positions > available()) {
            return false;
        }
        reserved += positions;
        return true;
    }

    /** A released sequence's reservation. */
    protected final void giveBack(long positions) {
        reserved -= positions;
    }

    /** @throws IllegalArgumentException unless a sequence may hold {@code positions}: 1 to the window */
    protected final void checkPositions(int positions) {
        if (positions < 1 || positions > contextLength) {
            throw new IllegalArgumentException("a sequence holds 1 to " + contextLength + " positions, not " + positions);
        }
    }

    /** @throws IllegalArgumentException for more tokens than {@code room} or a token outside the vocabulary */
    protected final void checkFeed(int[] tokens, int room) {
        if (tokens.length > room) {
            throw new IllegalArgumentException(tokens.length + " tokens do not fit the sequence's room for " + room
                    + " (window " + contextLength + ")");
        }
        for (int token : tokens) {
            if (token < 0 || token >= vocabSize) {
                throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + vocabSize);
            }
        }
    }
}
