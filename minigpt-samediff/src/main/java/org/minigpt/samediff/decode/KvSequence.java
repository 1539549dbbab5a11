package org.minigpt.samediff.decode;

import java.util.Arrays;
import org.minigpt.api.model.Decoder;

/**
 * One sequence of a {@link BatchedDecoder}: per layer, the keys of its positions as a column per feature (so
 * attention's scores add up in vectors) and the values as a row per position ({@code dModel} values, heads side by
 * side). A fork starts with its parent's positions: value rows by reference, since they never change once
 * written, and key columns copied, since the fork writes its own positions into them. The parent's reservation
 * lasts while a fork shares it.
 */
final class KvSequence implements Decoder.Sequence {
    private final BatchedDecoder owner;
    private final int positions;
    private final int capacity;
    /** {@code keys[layer][feature][position]}. */
    final float[][][] keys;
    /** {@code values[layer][position]}, a row of {@code dModel}. */
    final float[][][] values;
    private int length;
    private int shared;
    private KvSequence parent;
    private int holders = 1;
    private boolean released;

    /** @param capacity the positions it can hold: its own reservation and those it starts with, at most a window */
    KvSequence(BatchedDecoder owner, int layers, int dModel, int window, int positions, int capacity) {
        this.owner = owner;
        this.positions = positions;
        this.capacity = capacity;
        this.keys = new float[layers][dModel][capacity];
        this.values = new float[layers][window][];
    }

    /** A sequence starting with {@code parent}'s positions so far. */
    KvSequence(KvSequence parent, int positions) {
        this(parent.owner, parent.keys.length, parent.keys[0].length, parent.values[0].length, positions,
                Math.min(parent.values[0].length, parent.length + positions));
        for (int layer = 0; layer < keys.length; layer++) {
            for (int feature = 0; feature < keys[layer].length; feature++) {
                System.arraycopy(parent.keys[layer][feature], 0, keys[layer][feature], 0, parent.length);
            }
            System.arraycopy(parent.values[layer], 0, values[layer], 0, parent.length);
        }
        this.length = parent.length;
        this.shared = parent.length;
        this.parent = parent;
        parent.holders++;
    }

    @Override
    public int length() {
        return length;
    }

    boolean belongsTo(BatchedDecoder decoder) {
        return owner == decoder && !released;
    }

    /** Tokens this sequence may still take: its own reservation, and what it can hold. */
    int room() {
        return Math.min(capacity - length, positions - (length - shared));
    }

    /** Position {@code position}'s key: {@code dModel} values of {@code qkv} from {@code offset}. */
    void setKey(int layer, int position, float[] qkv, int offset) {
        float[][] columns = keys[layer];
        for (int feature = 0; feature < columns.length; feature++) {
            columns[feature][position] = qkv[offset + feature];
        }
    }

    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void clear() {
        for (float[][] rows : values) {
            Arrays.fill(rows, null);
        }
        length = 0;
        shared = 0;
        dropParent();
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            let();
        }
    }

    // One holder fewer: the last gives the reservation back and lets go of the parent's.
    private void let() {
        if (--holders == 0) {
            owner.release(capacity);
            dropParent();
        }
    }

    private void dropParent() {
        if (parent != null) {
            KvSequence held = parent;
            parent = null;
            held.let();
        }
    }
}
