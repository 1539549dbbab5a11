package org.minigpt.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * A worker's round as a Spark task. It depends only on the round's weights, the worker's state and the
 * run's seed, so a task Spark runs again (its executor lost) returns the same result bit for bit.
 */
final class RoundTask implements Function<WorkerRound, WorkerResult> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<WorkerSpec> spec;
    private final Broadcast<float[]> weights;

    RoundTask(Broadcast<WorkerSpec> spec, Broadcast<float[]> weights) {
        this.spec = spec;
        this.weights = weights;
    }

    @Override
    public WorkerResult call(WorkerRound round) throws Exception {
        WorkerSpec run = spec.value();
        Replica replica = Replicas.borrow(run);
        try {
            WorkerResult result = replica.train(round, weights.value());
            Replicas.giveBack(run.id(), replica);
            return result;
        } catch (RuntimeException | Error e) {
            replica.close();
            throw e;
        }
    }
}
