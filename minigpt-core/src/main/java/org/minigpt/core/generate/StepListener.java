package org.minigpt.core.generate;

/**
 * Told of each step a {@link CompletionScheduler} takes: the sequences it advanced, its rows (tokens) in all, and the
 * cache positions reserved.
 */
@FunctionalInterface
public interface StepListener {
    void stepped(int sequences, int rows, long cacheReserved, long cacheCapacity);
}
