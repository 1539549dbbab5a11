package org.minigpt.api.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link Decoder} without a cache, for a model that can only give the logits after a whole context: each
 * sequence keeps its tokens, and each row asked for computes them all again, one sequence after another. It
 * keeps the reservation rules, so callers behave as they would on a caching decoder.
 */
public final class RecomputingDecoder extends BudgetedDecoder {
    private final Function<int[], float[]> logitsAfter;
    private final List<Tokens> open = new ArrayList<>();

    private final class Tokens implements Sequence {
        private final int positions;
        private int[] tokens;
        private boolean released;

        Tokens(int positions, int[] tokens) {
            this.positions = positions;
            this.tokens = tokens;
        }

        @Override
        public int length() {
            return tokens.length;
        }

        @Override
        public void clear() {
            tokens = new int[0];
        }

        @Override
        public void release() {
            if (!released) {
                released = true;
                giveBack(positions);
            }
        }
    }

    /**
     * @param capacity the positions all sequences may hold at once
     * @param logitsAfter the logits after a context of 1 to {@code contextLength} tokens
     */
    public RecomputingDecoder(int vocabSize, int contextLength, long capacity, Function<int[], float[]> logitsAfter) {
        super(vocabSize, contextLength, capacity);
        this.logitsAfter = logitsAfter;
    }

    @Override
    public Optional<Sequence> open(int positions) {
        return reserve(positions, new int[0]);
    }

    @Override
    public Optional<Sequence> fork(Sequence parent, int positions) {
        return reserve(positions, own(parent).tokens.clone());
    }

    private Optional<Sequence> reserve(int positions, int[] tokens) {
        checkPositions(positions);
        if (!reserve(positions)) {
            return Optional.empty();
        }
        Tokens sequence = new Tokens(positions, tokens);
        open.removeIf(held -> held.released);
        open.add(sequence);
        return Optional.of(sequence);
    }

    private Tokens own(Sequence sequence) {
        if (!(sequence instanceof Tokens tokens) || tokens.released) {
            throw new IllegalArgumentException("the sequence is released or belongs to another decoder");
        }
        return tokens;
    }

    @Override
    public List<float[]> step(List<Feed> feeds) {
        List<float[]> rows = new ArrayList<>();
        for (Feed feed : feeds) {
            Tokens sequence = own(feed.sequence());
            checkFeed(feed.tokens(), contextLength() - sequence.tokens.length);
            int length = sequence.tokens.length + feed.tokens().length;
            int[] tokens = Arrays.copyOf(sequence.tokens, length);
            System.arraycopy(feed.tokens(), 0, tokens, sequence.tokens.length, feed.tokens().length);
            sequence.tokens = tokens;
            rows.add(feed.logits() ? logitsAfter.apply(tokens) : null);
        }
        return rows;
    }

    @Override
    public void close() {
        new ArrayList<>(open).forEach(Tokens::release);
        open.clear();
    }
}
