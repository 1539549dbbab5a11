package org.minigpt.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * A worker's round as a Spark task. It depends only on the round's weights, the worker's state and the run's seed,
 * so a task Spark runs again (its executor lost) returns the same result bit for bit: the state its executor kept,
 * or the same state rebuilt by replaying the rounds since the driver last held it.
 */
final class RoundTask implements Function<WorkerRound, WorkerResult> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<WorkerSpec> spec;
    private final Broadcast<float[]> weights; // the round's start; null for a round of no steps

    RoundTask(Broadcast<WorkerSpec> spec, Broadcast<float[]> weights) {
        this.spec = spec;
        this.weights = weights;
    }

    @Override
    public WorkerResult call(WorkerRound round) throws Exception {
        WorkerSpec run = spec.value();
        Replica replica = Replicas.borrow(run);
        try {
            WorkerResult result = train(run, replica, round);
            Replicas.giveBack(run.id(), replica);
            return result;
        } catch (RuntimeException | Error e) {
            replica.close();
            throw e;
        }
    }

    private WorkerResult train(WorkerSpec run, Replica replica, WorkerRound round) {
        int worker = round.worker();
        long rebuilt = 0;
        WorkerState state = KeptStates.at(run.id(), worker, round.from()).orElse(null);
        if (state == null && (round.synced() != null || !round.since().isEmpty())) {
            state = round.synced() == null ? null : round.synced().value();
            for (WorkerRound.Replay replay : round.since()) {
                state = replica.train(worker, replay.from(), replay.to(), replay.start().value(), state).state();
                rebuilt += replay.to() - replay.from();
            }
        }
        float[] change = null;
        double[] losses = new double[0];
        double[] norms = new double[0];
        if (round.to() > round.from()) {
            Replica.Steps steps = replica.train(worker, round.from(), round.to(), weights.value(), state);
            change = steps.change();
            state = steps.state();
            losses = steps.losses();
            norms = steps.gradientNorms();
        }
        if (state != null) {
            KeptStates.keep(run.id(), worker, round.to(), state);
        }
        return new WorkerResult(worker, change, round.returnState() ? state : null, losses, norms, rebuilt, location());
    }

    /** This executor as Spark names a task's preferred place: {@code executor_HOST_ID}. */
    private static String location() {
        SparkEnv env = SparkEnv.get();
        return "executor_" + env.blockManager().blockManagerId().host() + "_" + env.executorId();
    }
}
