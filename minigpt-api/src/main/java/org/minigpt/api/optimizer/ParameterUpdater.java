package org.minigpt.api.optimizer;

import java.util.Optional;

/**
 * The update rule and state (e.g. moment estimates) of one parameter tensor.
 *
 * @param <T> the engine's tensor type
 */
public interface ParameterUpdater<T> {
    /**
     * Changes {@code value} in place from {@code gradient}, which it may overwrite.
     *
     * @param step the number of updates made before this one, from 0
     */
    void update(T value, T gradient, double learningRate, long step);

    /**
     * All of this updater's state as one live tensor, empty for a stateless rule such as SGD. The
     * engine saves it in checkpoints and restores it by overwriting its values in place.
     */
    default Optional<T> state() {
        return Optional.empty();
    }
}
