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
public record StepMemory(long bytes, int batchSize, int contextLength) {
    private static final long PROCESS = 400L << 20;
    private static final long BYTES_PER_PARAMETER = 4 * 8;
    private static final long SCORE_COPIES = 6;
    private static final long ACTIVATION_COPIES = 26;
    private static final long LOGIT_COPIES = 6;

    public static StepMemory of(GptOptions options, int vocabSize, long parameters, int batchSize) {
        long rows = batchSize;
        long t = options.contextLength();
        long scores = rows * options.heads() * t * t * options.layers();
        long activations = rows * t * options.dModel() * options.layers();
        long logits = rows * t * vocabSize;
        double floats = (double) SCORE_COPIES * scores + (double) ACTIVATION_COPIES * activations + (double) LOGIT_COPIES * logits;
        long bytes = (long) Math.min(Long.MAX_VALUE / 2.0, PROCESS + BYTES_PER_PARAMETER * parameters + 4 * floats);
        return new StepMemory(bytes, batchSize, options.contextLength());
    }

    /** @param budget the bytes this process may use, 0 for no limit */
    public void requireWithin(long budget) {
        if (budget > 0 && bytes > budget) {
            throw new MinigptException(String.format(Locale.ROOT, "a training step of this model needs about %s (train.batch_size %d,"
                    + " model.context_length %d), more than the %s this process may use; lower model.context_length or"
                    + " train.batch_size, or raise the budget, e.g. MINIGPT_JAVA_OPTS=\"-Dorg.bytedeco.javacpp.maxphysicalbytes=%dg\"",
                    gigabytes(bytes), batchSize, contextLength, gigabytes(budget), (bytes >> 30) + 2));
        }
    }

    /** The budget the launcher (or the user) gave ND4J's native memory: JavaCPP's cap on the process's resident size. */
    public static long budget() {
        return Pointer.maxPhysicalBytes();
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
