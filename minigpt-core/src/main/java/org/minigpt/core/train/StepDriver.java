package org.minigpt.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minigpt.api.model.StepResult;

/**
 * Takes a run's optimizer steps: this process's trainer one step at a time, or a
 * {@link TrainingEngine} that takes several at once elsewhere. After {@link #advance} the run's model
 * holds the weights of its last step, for evaluation and checkpoints.
 */
public interface StepDriver extends AutoCloseable {
    /** One step taken: what it measured, its learning rate, and its share of the wall time. */
    record TakenStep(StepResult result, double learningRate, long nanos) {
    }

    /**
     * Takes the steps after {@code step} (the number taken so far): at least one, and none past {@code lastStep}.
     *
     * @return each step taken, in order
     */
    List<TakenStep> advance(long step, long lastStep);

    /** The batches of {@code train.batch_size} windows each step trains on: one, or one per worker. */
    default int batchesPerStep() {
        return 1;
    }

    /** One line for the run's plan: where and how the steps are taken; empty for this process's trainer. */
    default String description() {
        return "";
    }

    /** Writes what the steps to come depend on (optimizer state) into a checkpoint's {@code folder}. */
    void saveState(Path folder) throws IOException;

    /** Releases what the driver started (a cluster's context); the run's model stays open. */
    @Override
    default void close() {
    }
}
