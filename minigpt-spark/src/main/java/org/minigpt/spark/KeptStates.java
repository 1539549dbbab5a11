package org.minigpt.spark;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each worker's optimizer state where it trained, between rounds: the executor JVM's memory is the only place a
 * Spark task can leave something for the next one. A state is kept with the step it holds, so a task finds only
 * the state its round starts from; one that finds none rebuilds it ({@link RoundTask}).
 */
final class KeptStates {
    private record Kept(long step, WorkerState state) {
    }

    private static final Map<String, Kept> KEPT = new ConcurrentHashMap<>();

    private KeptStates() {
    }

    /** Worker {@code worker}'s state after step {@code step} of run {@code run}, when this JVM keeps it. */
    static Optional<WorkerState> at(String run, int worker, long step) {
        Kept kept = KEPT.get(key(run, worker));
        return kept != null && kept.step() == step ? Optional.of(kept.state()) : Optional.empty();
    }

    static void keep(String run, int worker, long step, WorkerState state) {
        KEPT.put(key(run, worker), new Kept(step, state));
    }

    /** Drops the run's states in this JVM: the driver's own when its executors are threads of it ({@code local[N]}). */
    static void release(String run) {
        KEPT.keySet().removeIf(key -> key.startsWith(run + "/"));
    }

    private static String key(String run, int worker) {
        return run + "/" + worker;
    }
}
