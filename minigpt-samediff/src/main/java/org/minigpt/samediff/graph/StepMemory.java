package org.minigpt.samediff.graph;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.minigpt.api.MinigptException;

/**
 * The peak memory of one training step of a {@link GptGraph}, estimated from its shapes: what the
 * arrays live at once hold, per attention score ([batch, heads, T, T]), per activation ([batch, T,
 * d_model]) and per logit, on top of the weights with their gradients and optimizer moments and the
 * process's own footprint. The factors are fitted to peak RSS measured on the tutorial's model and on
 * nanoGPT's Shakespeare model (docs/benchmarks.md); they hold the live set since arrays are
 * released within a step.
 */
public record StepMemory(long bytes) {
    /** Rows an evaluation's forward pass takes at once on each shard: few, so it adds little beside a step's held arrays. */
    public static final int EVALUATION_ROWS = 8;
    private static final long PROCESS = 400L << 20;
    private static final long BYTES_PER_PARAMETER = 4 * 8;
    private static final double SCORE_COPIES = 5.4;
    private static final double ACTIVATION_COPIES = 23.4;
    private static final double LOGIT_COPIES = 5.4;
    /** An evaluation's forward passes beside a step's pools hold about as much as this many rows of a step. */
    private static final double EVALUATION_AS_ROWS = EVALUATION_ROWS / 3.0;

    public static StepMemory of(GptOptions options, int vocabSize, long parameters, int batchSize) {
        return of(options, vocabSize, parameters, batchSize, 1);
    }

    /** A step whose batch runs in {@code microBatches} parts one after another: one part's rows live at once, beside a sum of the gradients. */
    public static StepMemory of(GptOptions options, int vocabSize, long parameters, int batchSize, int microBatches) {
        double rows = (batchSize + microBatches - 1) / microBatches + EVALUATION_AS_ROWS;
        long perParameter = BYTES_PER_PARAMETER + (microBatches > 1 ? 4 : 0);
        long t = options.contextLength();
        double scores = rows * options.heads() * t * t * options.layers();
        double activations = rows * t * options.dModel() * options.layers();
        double logits = rows * t * vocabSize;
        double floats = SCORE_COPIES * scores + ACTIVATION_COPIES * activations + LOGIT_COPIES * logits;
        long bytes = (long) Math.min(Long.MAX_VALUE / 2.0, PROCESS + perParameter * parameters + 4 * floats);
        return new StepMemory(bytes);
    }

    /**
     * Refuses a step over {@code budget} (0: no limit) in one line naming the estimate, the budget, the fewest
     * micro-batches dividing the batch that would fit, and what else to lower.
     */
    public static void require(GptOptions options, int vocabSize, long parameters, int batchSize, int microBatches, long budget) {
        StepMemory step = of(options, vocabSize, parameters, batchSize, microBatches);
        if (budget <= 0 || step.bytes <= budget) {
            return;
        }
        String fitting = "raise train.micro_batches, ";
        for (int more = microBatches + 1; more <= batchSize; more++) {
            if (batchSize % more != 0) {
                continue; // equal micro-batches: one shape of arrays serves them all
            }
            long bytes = of(options, vocabSize, parameters, batchSize, more).bytes;
            if (bytes <= budget) {
                fitting = String.format(Locale.ROOT, "set train.micro_batches=%d (about %s, the same step), ", more, gigabytes(bytes));
                break;
            }
        }
        String parts = microBatches > 1 ? String.format(Locale.ROOT, " in %d micro-batches", microBatches) : "";
        throw new MinigptException(String.format(Locale.ROOT, "a training step of this model needs about %s (train.batch_size %d%s,"
                + " model.context_length %d), more than the %s this process may use; %slower model.context_length or"
                + " train.batch_size, or raise the budget, e.g. MINIGPT_JAVA_OPTS=\"-Dorg.bytedeco.javacpp.maxphysicalbytes=%dg\"",
                gigabytes(step.bytes), batchSize, parts, options.contextLength(), gigabytes(budget), fitting, (step.bytes >> 30) + 2));
    }

    /** The budget the launcher (or the user) gave ND4J's native memory: JavaCPP's cap on the process's resident size. */
    public static long budget() {
        return Pointer.maxPhysicalBytes();
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
