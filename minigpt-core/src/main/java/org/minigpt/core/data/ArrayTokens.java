package org.minigpt.core.data;

/** A text's tokens held in the heap. */
record ArrayTokens(int[] tokens) implements TokenStream {
    @Override
    public long length() {
        return tokens.length;
    }

    @Override
    public void read(long from, int[] into, int offset, int count) {
        System.arraycopy(tokens, Math.toIntExact(from), into, offset, count);
    }
}
