package org.minigpt.core.train;

/** The learning rate of each step: the optimizer's rate, shaped over the run. */
public sealed interface LearningRateSchedule {
    String COSINE = "cosine";
    String CONSTANT = "constant";

    /** The rate for the step with {@code index} updates before it (from 0). */
    double at(long index);

    /** How far the rate has come down from its peak at step {@code index}: 0 until the peak, 1 at the floor. */
    double decayed(long index);

    /** The optimizer's rate at every step, as the tutorial trains. */
    record Constant(double rate) implements LearningRateSchedule {
        @Override
        public double at(long index) {
            return rate;
        }

        @Override
        public double decayed(long index) {
            return 0;
        }
    }

    /**
     * Linear warmup from 0 to {@code peak} over {@code warmup} steps, then half a cosine down to
     * {@code min} at step {@code total}, and {@code min} after (nanoGPT's {@code get_lr}).
     */
    record WarmupCosine(double peak, double min, int warmup, int total) implements LearningRateSchedule {
        @Override
        public double at(long index) {
            if (index < warmup) {
                return peak * (index + 1) / (warmup + 1);
            }
            if (index >= total || total <= warmup) {
                return min;
            }
            double progress = (double) (index - warmup) / (total - warmup);
            return min + 0.5 * (1 + Math.cos(Math.PI * progress)) * (peak - min);
        }

        @Override
        public double decayed(long index) {
            return index < warmup || peak <= min ? 0 : (peak - at(index)) / (peak - min);
        }
    }
}
