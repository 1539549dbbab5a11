package org.minigpt.core.data;

import java.util.List;
import org.minigpt.api.model.Batch;
import org.minigpt.api.tokenizer.Tokenizer;

/** A text's tokens split in two, with windows drawn at random offsets of each part. */
public final class TextData implements TrainingData {
    /** Held-out tokens decoded to measure characters per token: all of TinyShakespeare's, a sample of a large corpus's. */
    private static final int DECODED_FOR_RATIO = 1 << 20;
    private final TokenSplit split;
    private final long characters;
    private final Tokenizer tokenizer;
    private final int length;
    private final int batchSize;
    private final long seed;
    private final BatchSampler train;
    private final String source;

    /** @param source where the tokens come from, for the {@link #summary} (a prepared corpus's size); "" for a text */
    public TextData(String source, TokenSplit split, long characters, Tokenizer tokenizer, int length, int batchSize, long seed) {
        this.source = source.isEmpty() ? "" : source + "; ";
        this.split = split;
        this.characters = characters;
        this.tokenizer = tokenizer;
        this.length = length;
        this.batchSize = batchSize;
        this.seed = seed;
        this.train = new BatchSampler(split.train(), length, batchSize, seed);
    }

    public TokenSplit split() {
        return split;
    }

    @Override
    public Batch trainBatch(long index) {
        return train.batch(index);
    }

    @Override
    public List<Batch> validationBatches(int count, int rows) {
        return BatchSampler.first(split.validation(), length, rows, count, seed + 1);
    }

    @Override
    public String summary() {
        return source + String.format("%,d characters, %,d tokens: %,d train, %,d validation", characters,
                split.train().length() + split.validation().length(), split.train().length(), split.validation().length());
    }

    @Override
    public double charactersPerValidationToken() {
        int count = (int) Math.min(split.validation().length(), DECODED_FOR_RATIO);
        return count == 0 ? Double.NaN : tokenizer.decode(split.validation().toArray(0, count)).length() / (double) count;
    }

    @Override
    public void close() {
        split.train().close();
        split.validation().close();
    }
}
