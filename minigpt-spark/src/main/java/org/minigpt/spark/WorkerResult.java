package org.minigpt.spark;

import java.io.Serializable;

/**
 * What a worker's round returns: the change of its weights as DiLoCo's outer gradient (the round's start
 * minus its end), its optimizer state after the round, and each step's loss and gradient norm.
 */
record WorkerResult(int worker, float[] outerGradient, WorkerState state, double[] losses, double[] gradientNorms)
        implements Serializable {
}
