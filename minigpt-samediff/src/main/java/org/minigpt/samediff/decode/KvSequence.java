package org.minigpt.samediff.decode;

import java.util.Arrays;
import org.minigpt.api.model.Decoder;

/**
 * One sequence of a {@link BatchedDecoder}: per layer, the keys and values of its positions ({@code dModel}
 * values each, heads side by side). A fork starts with references to its parent's rows, which never change once
 * written, so a shared prompt is computed and held once; the parent's reservation lasts while a fork shares it.
 */
final class KvSequence implements Decoder.Sequence {
    private final BatchedDecoder owner;
    private final int positions;
    final float[][][] keys;
    final float[][][] values;
    private int length;
    private int shared;
    private KvSequence parent;
    private int holders = 1;
    private boolean released;

    KvSequence(BatchedDecoder owner, int layers, int window, int positions) {
        this.owner = owner;
        this.positions = positions;
        this.keys = new float[layers][window][];
        this.values = new float[layers][window][];
    }

    /** A sequence sharing {@code parent}'s positions so far. */
    KvSequence(KvSequence parent, int positions) {
        this(parent.owner, parent.keys.length, parent.keys[0].length, positions);
        for (int layer = 0; layer < keys.length; layer++) {
            System.arraycopy(parent.keys[layer], 0, keys[layer], 0, parent.length);
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

    /** Tokens this sequence may still take: its own reservation, and the window. */
    int room() {
        return Math.min(keys[0].length - length, positions - (length - shared));
    }

    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void clear() {
        for (int layer = 0; layer < keys.length; layer++) {
            Arrays.fill(keys[layer], null);
            Arrays.fill(values[layer], null);
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
            owner.giveBack(positions);
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
