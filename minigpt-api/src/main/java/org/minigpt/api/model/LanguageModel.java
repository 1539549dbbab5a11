package org.minigpt.api.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.minigpt.api.MinigptException;
import org.minigpt.api.optimizer.Optimizer;

/**
 * A next-token language model over {@code vocabSize} tokens that sees at most {@code contextLength}
 * of them. Holds native memory: close it. Not thread-safe.
 */
public interface LanguageModel extends AutoCloseable {

    int vocabSize();

    /** The most tokens the model sees at once. */
    int contextLength();

    /** Trainable parameters per part, in model order. */
    List<ParameterCount> parameterCounts();

    default long parameterTotal() {
        return parameterCounts().stream().mapToLong(ParameterCount::count).sum();
    }

    /**
     * A trainer that updates this model's parameters with {@code optimizer}; {@code seed} and the step
     * index decide its randomness (dropout). A step may split its batch over up to {@code threads} threads;
     * its loss and update are the whole batch's however many it uses (up to float rounding).
     */
    ModelTrainer trainer(Optimizer optimizer, long seed, int threads);

    /**
     * As {@link #trainer(Optimizer, long, int)}; with {@code profile}, the trainer times its steps' work and
     * the model reports it when it closes (a model that cannot profile trains as usual).
     */
    default ModelTrainer trainer(Optimizer optimizer, long seed, int threads, boolean profile) {
        return trainer(optimizer, seed, threads);
    }

    /**
     * As {@link #trainer(Optimizer, long, int, boolean)}, each step's batch taken in {@code microBatches} parts of
     * consecutive rows one after another, their gradients summed before the one update: the same step (up to float
     * rounding) holding one part's activations at a time. A model that cannot accumulate gradients refuses more
     * than one.
     *
     * @throws org.minigpt.api.MinigptException when {@code microBatches} is more than 1 and the model cannot split
     */
    default ModelTrainer trainer(Optimizer optimizer, long seed, int threads, int microBatches, boolean profile) {
        if (microBatches != 1) {
            throw new MinigptException(getClass().getSimpleName() + " cannot take a step in micro-batches;"
                    + " set train.micro_batches=1");
        }
        return trainer(optimizer, seed, threads, profile);
    }

    /**
     * Fails before any training when a step of {@code batchSize} rows would need more memory than this
     * process may use, with one line naming the estimate, the budget and what to lower. The default,
     * for a model that cannot tell, accepts every size.
     *
     * @throws org.minigpt.api.MinigptException when the step cannot fit
     */
    default void requireTrainingFits(int batchSize) {
    }

    /** As {@link #requireTrainingFits(int)} for steps taken in {@code microBatches} parts one after another. */
    default void requireTrainingFits(int batchSize, int microBatches) {
        requireTrainingFits(batchSize);
    }

    /**
     * The bytes a training process of this model with steps of {@code batchSize} rows would hold at its peak
     * (weights, optimizer state, activations and the process's own footprint), for a preflight against the
     * memory of a machine this process cannot see; 0 when the model cannot tell.
     */
    default long trainingMemoryBytes(int batchSize) {
        return 0;
    }

    /** As {@link #trainingMemoryBytes(int)} for steps taken in {@code microBatches} parts one after another. */
    default long trainingMemoryBytes(int batchSize, int microBatches) {
        return trainingMemoryBytes(batchSize);
    }

    /**
     * Every trainable parameter copied into one vector, part after part in {@link #parameterCounts()}'s
     * order: what distributed training ships and averages.
     *
     * @throws UnsupportedOperationException for a model that cannot copy its parameters
     */
    default float[] parameterValues() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot copy its parameters");
    }

    /** Overwrites every trainable parameter from a vector laid out as {@link #parameterValues()}'s. */
    default void setParameterValues(float[] values) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot set its parameters");
    }

    /**
     * Mean cross-entropy of {@code batch}'s scored targets in nats per token, in evaluation mode (no dropout, no
     * update); 0 when it scores none.
     */
    double loss(Batch batch);

    /**
     * A decoder over this model's weights, its caches within {@code cacheBytes}: many may be open at once (one a
     * thread), sharing the weights. Weights must not change (training, loading) while one is in use.
     */
    Decoder decoder(long cacheBytes);

    /** A decoder with the model's default cache budget. */
    default Decoder decoder() {
        return decoder(defaultCacheBytes());
    }

    /** The cache budget a decoder gets when none is given, from the model's size and this process's memory. */
    default long defaultCacheBytes() {
        return 64L << 20;
    }

    /**
     * This model in GPT-2's form, for export to runtimes outside minigpt; empty for a model that is not shaped
     * as GPT-2.
     */
    default Optional<Gpt2Form> gpt2Form() {
        return Optional.empty();
    }

    /** Writes the weights into {@code runDir}, for {@link ModelFactory#load}. */
    void save(Path runDir) throws IOException;

    @Override
    void close();
}
