package org.minigpt.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.minigpt.api.model.StepResult;

/**
 * Takes a run's optimizer steps: this process's trainer one step at a time, or a
 * {@link TrainingEngine} that takes several at once elsewhere. After {@link #advance} the run's model
 * holds the weights of its last step, for evaluation and checkpoints.
 */
public interface StepDriver extends AutoCloseable {
    /**
     * One step taken: what it measured, its learning rate, its share of the wall time, and any measures of its own
     * (a policy-gradient step's mean reward, say) by name, averaged over the steps between logged points.
     */
    record TakenStep(StepResult result, double learningRate, long nanos, Map<String, Double> measures) {
        public TakenStep(StepResult result, double learningRate, long nanos) {
            this(result, learningRate, nanos, Map.of());
        }
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

    /** The windows each step trains on, for a run of {@code batchSize} ({@code train.batch_size}). */
    default long windowsPerStep(int batchSize) {
        return (long) batchSize * batchesPerStep();
    }

    /** One line for the run's plan: where and how the steps are taken; empty for this process's trainer. */
    default String description() {
        return "";
    }

    /** The names of the measures its steps and evaluations give, in the order logs show them: fixed for a run. */
    default List<String> measureNames() {
        return List.of();
    }

    /** Measures taken at each evaluation of the held-out data, by name (a held-out reward, say); empty by default. */
    default Map<String, Double> evaluate() {
        return Map.of();
    }

    /**
     * Whether the run's best checkpoint is the one of lowest val loss (true), or simply its latest evaluated one: a
     * policy-gradient run learns what its data's demonstrations do not show, and its val loss on them may rise.
     */
    default boolean bestByValLoss() {
        return true;
    }

    /** Writes what the steps to come depend on (optimizer state) into a checkpoint's {@code folder}. */
    void saveState(Path folder) throws IOException;

    /** Releases what the driver started (a cluster's context); the run's model stays open. */
    @Override
    default void close() {
    }
}
