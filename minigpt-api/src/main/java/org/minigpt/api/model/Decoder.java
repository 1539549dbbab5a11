package org.minigpt.api.model;

import java.util.List;
import java.util.Optional;

/**
 * Generation over many sequences at once. Each {@link Sequence} is a handle on its own key/value cache; one
 * {@link #step} advances any of them together, some by a chunk of prompt, others by one new token, and gives
 * one row of logits for each feed that asks. A row's logits do not depend on which other sequences share its
 * step. The cache is budgeted in positions (one token of one sequence): a sequence reserves the positions it
 * will hold when it is opened, so a step never runs out of memory, and an open that does not fit is refused
 * at once for the caller to wait or give up. One thread at a time; weights must not change while it is open.
 */
public interface Decoder extends AutoCloseable {

    /** A sequence's tokens and their cache, positions 0 to {@code length() - 1}. */
    interface Sequence {
        /** Tokens in the cache: the next token fed stands at this position. */
        int length();

        /** Forgets every token, keeping the reservation: the sequence starts again at position 0. */
        void clear();

        /** Gives the reservation back; the handle can no longer be fed. Releasing twice does nothing. */
        void release();
    }

    /**
     * {@code tokens} (at least one) appended to {@code sequence}; with {@code logits}, the step returns the
     * logits after the last of them.
     */
    record Feed(Sequence sequence, int[] tokens, boolean logits) {
        public Feed {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("a feed needs at least one token");
            }
        }
    }

    int vocabSize();

    /** The most tokens a sequence may hold. */
    int contextLength();

    /** Cache positions this decoder may hold over all its sequences. */
    long capacity();

    /** Positions not reserved by an open sequence. */
    long available();

    /**
     * A new empty sequence that may hold up to {@code positions} tokens (1 to {@link #contextLength()}), or empty
     * when fewer positions are {@link #available()}.
     */
    Optional<Sequence> open(int positions);

    /**
     * A new sequence that starts with {@code parent}'s tokens, their cache shared or copied rather than computed
     * again, and may hold {@code positions} more of its own (after a {@link Sequence#clear()}, {@code positions} in
     * all). It reserves its own positions, and a decoder that copies part of the parent's cache may reserve up to
     * the parent's length more; empty when they are not {@link #available()}. Positions it shares stay reserved
     * until parent and forks are all released.
     */
    Optional<Sequence> fork(Sequence parent, int positions);

    /**
     * Advances every feed's sequence by its tokens in one pass over the weights; a sequence appears at most
     * once. Returns one entry per feed, in order: the logits over {@link #vocabSize()} tokens after its last
     * token, or null for a feed that did not ask.
     *
     * @throws IllegalArgumentException for a released or foreign sequence, a token outside the vocabulary, or
     *     more tokens than the sequence reserved or than the context holds
     */
    List<float[]> step(List<Feed> feeds);

    /** The logits after {@code tokens} (at most a window), computed in a sequence of their own. */
    default float[] logitsAfter(int[] tokens) {
        Sequence sequence = open(tokens.length).orElseThrow(
                () -> new IllegalStateException("the decoder's cache has no room for " + tokens.length + " positions"));
        try {
            return step(List.of(new Feed(sequence, tokens, true))).get(0);
        } finally {
            sequence.release();
        }
    }

    /** Releases every sequence. */
    @Override
    void close();
}
