package org.minigpt.api.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minigpt.api.optimizer.Optimizer;

/**
 * A next-token language model over {@code vocabSize} tokens that sees at most {@code contextLength}
 * of them. Holds native memory: close it. Not thread-safe.
 */
public interface LanguageModel extends AutoCloseable {
    int vocabSize();

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
     * Fails before any training when a step of {@code batchSize} rows would need more memory than this
     * process may use, with one line naming the estimate, the budget and what to lower. The default,
     * for a model that cannot tell, accepts every size.
     *
     * @throws org.minigpt.api.MinigptException when the step cannot fit
     */
    default void requireTrainingFits(int batchSize) {
    }

    /**
     * Mean cross-entropy of {@code batch}'s scored targets in nats per token, in evaluation mode (no dropout, no
     * update); 0 when it scores none.
     */
    double loss(Batch batch);

    /**
     * The logits of the token after {@code context}, a new array of {@code vocabSize} values;
     * {@code context} must not be empty. At most the last {@code contextLength} tokens are used. A
     * model may keep a cache between calls, so that a context that continues the previous one by a
     * token costs one position; past its window it may then see fewer tokens, but never fewer than
     * half a window. Generation passes the whole history on each call.
     */
    float[] nextTokenLogits(int[] context);

    /** Writes the weights into {@code runDir}, for {@link ModelFactory#load}. */
    void save(Path runDir) throws IOException;

    @Override
    void close();
}
