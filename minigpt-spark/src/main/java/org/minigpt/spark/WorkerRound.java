package org.minigpt.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * One worker's share of a round: its optimizer steps {@code from .. to - 1} (run-wide step numbers, which pick its
 * batches and dropout with the run's seed); none when {@code from == to}, a task that only hands back the state.
 * Its optimizer state is the one its executor kept after step {@code from}; where that executor is gone, the task
 * rebuilds it from {@code synced} (the state the driver last held, null for a fresh optimizer) and the rounds
 * {@code since} then, each from its own start weights. Broadcasts are fetched only by an executor that reads them.
 *
 * @param returnState whether the result carries the state back to the driver (for a checkpoint)
 */
record WorkerRound(int worker, long from, long to, Broadcast<WorkerState> synced, List<Replay> since, boolean returnState)
        implements Serializable {
    /** A past round's steps and the weights it started from. */
    record Replay(long from, long to, Broadcast<float[]> start) implements Serializable {
    }
}
