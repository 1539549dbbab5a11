package org.minigpt.core.data;

/**
 * A run's tokens, in order, indexed by {@code long}: an array in the heap for a small text, or
 * shards on disk for a prepared corpus past one Java array's 2^31 values. Thread-safe to read.
 */
public interface TokenStream extends AutoCloseable {
    /** The tokens of an array, which the stream reads without copying. */
    static TokenStream of(int[] tokens) {
        return new ArrayTokens(tokens);
    }

    long length();

    /** Copies tokens {@code from .. from + count - 1} into {@code into[offset ..]}. */
    void read(long from, int[] into, int offset, int count);

    /** Tokens {@code from .. from + length - 1} of this stream, as a stream of their own. */
    default TokenStream slice(long from, long length) {
        if (from < 0 || length < 0 || from + length > length()) {
            throw new IndexOutOfBoundsException("slice " + from + "+" + length + " of " + length());
        }
        return new TokenSlice(this, from, length);
    }

    /** Releases the files a stream reads; reading after it fails. Idempotent. */
    @Override
    default void close() {
    }

    /** Tokens {@code from .. from + count - 1} in a new array. */
    default int[] toArray(long from, int count) {
        int[] tokens = new int[count];
        read(from, tokens, 0, count);
        return tokens;
    }
}
