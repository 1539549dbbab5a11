package org.minigpt.spark;

import java.util.SplittableRandom;

/** Each worker's seed for its batches and dropout: worker 0 draws what a one-process run draws. */
final class WorkerSeeds {
    private WorkerSeeds() {
    }

    static long of(long runSeed, int worker) {
        return worker == 0 ? runSeed : new SplittableRandom(runSeed ^ worker * 0x9E3779B97F4A7C15L).nextLong();
    }
}
