package org.minigpt.core.data;

import java.util.List;
import org.minigpt.api.model.Batch;

/** What a run trains and evaluates on: seeded training batches and a fixed set of held-out ones. */
public interface TrainingData extends AutoCloseable {
    /** Training batch {@code index}: it depends only on the run's seed and the index, so a resume draws the same. */
    Batch trainBatch(long index);

    /**
     * The held-out batches, at most {@code count} of {@code rows} windows each, the same at every call; empty when
     * nothing is held out. A batch's first windows are those of a batch of fewer rows.
     */
    List<Batch> validationBatches(int count, int rows);

    /** One line: how much there is and how it is split, e.g. for the plan a run prints. */
    String summary();

    /** Characters a held-out token holds on average: bits per character compare tokenizers fairly. */
    double charactersPerValidationToken();

    /** Releases the files the data reads (a prepared corpus's shards). */
    @Override
    default void close() {
    }
}
