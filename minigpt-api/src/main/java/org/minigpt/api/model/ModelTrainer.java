package org.minigpt.api.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains one model with one optimizer; holds the optimizer's state. Not thread-safe.
 *
 * <p>A step's randomness (dropout) depends only on the trainer's seed and {@link TrainingStep#index}, so
 * a trainer restored with {@link #loadState} continues exactly as the uninterrupted one would.
 */
public interface ModelTrainer {
    /** Forward, cross-entropy, backward, gradient clipping and one optimizer update. */
    StepResult step(Batch batch, TrainingStep step);

    /** Writes the optimizer's state (e.g. moment estimates) into {@code dir}, for {@link #loadState}. */
    void saveState(Path dir) throws IOException;

    /** Replaces the optimizer's state with what {@link #saveState} wrote into {@code dir}. */
    void loadState(Path dir) throws IOException;
}
