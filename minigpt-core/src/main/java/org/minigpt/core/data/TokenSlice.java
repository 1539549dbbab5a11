package org.minigpt.core.data;

/** Part of a token stream: the train or the validation tokens of a split. */
record TokenSlice(TokenStream whole, long from, long length) implements TokenStream {
    @Override
    public void read(long start, int[] into, int offset, int count) {
        if (start < 0 || start + count > length) {
            throw new IndexOutOfBoundsException("tokens " + start + "+" + count + " of " + length);
        }
        whole.read(from + start, into, offset, count);
    }

    @Override
    public TokenStream slice(long start, long count) {
        if (start < 0 || count < 0 || start + count > length) {
            throw new IndexOutOfBoundsException("slice " + start + "+" + count + " of " + length);
        }
        return new TokenSlice(whole, from + start, count);
    }

    @Override
    public void close() {
        whole.close();
    }
}
