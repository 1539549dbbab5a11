package org.minigpt.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.minigpt.api.model.Batch;

/**
 * Draws batches of windows of {@code length + 1} tokens at uniformly random offsets of a token
 * stream: the first {@code length} are the inputs, the last {@code length} the targets. Batch
 * {@code i} depends only on the seed and {@code i}, so a resumed run draws what the uninterrupted
 * one would have, and a prepared corpus draws what the same text held in memory would.
 */
public final class BatchSampler {
    private final TokenStream tokens;
    private final int length;
    private final int batchSize;
    private final long seed;

    public BatchSampler(int[] tokens, int length, int batchSize, long seed) {
        this(new ArrayTokens(tokens), length, batchSize, seed);
    }

    public BatchSampler(TokenStream tokens, int length, int batchSize, long seed) {
        if (tokens.length() < length + 1) {
            throw new IllegalArgumentException(tokens.length() + " tokens hold no window of " + (length + 1));
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
        int[] window = new int[length + 1];
        long starts = tokens.length() - length; // offsets 0 .. tokens.length - length - 1 inclusive
        for (int row = 0; row < batchSize; row++) {
            // nextInt below 2^31 keeps the draws of texts that fit in an array as they always were.
            long offset = starts <= Integer.MAX_VALUE ? random.nextInt((int) starts) : random.nextLong(starts);
            tokens.read(offset, window, 0, length + 1);
            System.arraycopy(window, 0, inputs, row * length, length);
            System.arraycopy(window, 1, targets, row * length, length);
        }
        return new Batch(batchSize, length, inputs, targets);
    }

    /** Batches 0 .. {@code count - 1} of {@code tokens}; none when it holds no window. */
    public static List<Batch> first(int[] tokens, int length, int batchSize, int count, long seed) {
        return first(new ArrayTokens(tokens), length, batchSize, count, seed);
    }

    /** Batches 0 .. {@code count - 1} of {@code tokens}; none when it holds no window. */
    public static List<Batch> first(TokenStream tokens, int length, int batchSize, int count, long seed) {
        List<Batch> batches = new ArrayList<>();
        if (tokens.length() > length) {
            BatchSampler sampler = new BatchSampler(tokens, length, batchSize, seed);
            for (int i = 0; i < count; i++) {
                batches.add(sampler.batch(i));
            }
        }
        return batches;
    }
}
