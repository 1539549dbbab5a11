package org.minigpt.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.minigpt.api.model.Batch;

/**
 * Draws batches of windows of {@code length + 1} tokens at uniformly random offsets of a token
 * stream: the first {@code length} are the inputs, the last {@code length} the targets. Batch
 * {@code i} depends only on the seed and {@code i}, so a resumed run draws what the uninterrupted
 * one would have.
 */
public final class BatchSampler {
    private final int[] tokens;
    private final int length;
    private final int batchSize;
    private final long seed;

    public BatchSampler(int[] tokens, int length, int batchSize, long seed) {
        if (tokens.length < length + 1) {
            throw new IllegalArgumentException(tokens.length + " tokens hold no window of " + (length + 1));
        }
        this.tokens = tokens;
        this.length = length;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public Batch batch(long index) {
        SplittableRandom random = new SplittableRandom(new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L).nextLong());
        int[] inputs = new int[batchSize * length];
        int[] targets = new int[batchSize * length];
        int starts = tokens.length - length; // offsets 0 .. tokens.length - length - 1 inclusive
        for (int row = 0; row < batchSize; row++) {
            int offset = random.nextInt(starts);
            System.arraycopy(tokens, offset, inputs, row * length, length);
            System.arraycopy(tokens, offset + 1, targets, row * length, length);
        }
        return new Batch(batchSize, length, inputs, targets);
    }

    /** Batches 0 .. {@code count - 1} of {@code tokens}; none when it holds no window. */
    public static List<Batch> first(int[] tokens, int length, int batchSize, int count, long seed) {
        List<Batch> batches = new ArrayList<>();
        if (tokens.length > length) {
            BatchSampler sampler = new BatchSampler(tokens, length, batchSize, seed);
            for (int i = 0; i < count; i++) {
                batches.add(sampler.batch(i));
            }
        }
        return batches;
    }
}
