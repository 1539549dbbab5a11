package org.minigpt.spark;

import java.io.Serializable;

/**
 * What a worker's round returns: the change of its weights as DiLoCo's outer gradient (the round's start minus its
 * end; null for a round of no steps), its optimizer state when asked for, each step's loss and gradient norm, the
 * steps it replayed to rebuild a state its executor did not keep, and where it ran (Spark's executor location).
 */
record WorkerResult(int worker, float[] outerGradient, WorkerState state, double[] losses, double[] gradientNorms,
        long rebuiltSteps, String location) implements Serializable {
}
