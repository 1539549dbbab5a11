package org.minigpt.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One worker's share of a round: its optimizer steps {@code from .. to - 1} (run-wide step numbers, which
 * pick its batches and dropout with the run's seed) from its optimizer {@code state}, or a fresh optimizer
 * when null. The state is a broadcast of its own, fetched only by the executor that runs this worker.
 */
record WorkerRound(int worker, long from, long to, Broadcast<WorkerState> state) implements Serializable {
}
