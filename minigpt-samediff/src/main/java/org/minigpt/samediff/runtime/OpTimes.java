package org.minigpt.samediff.runtime;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where a training step's time goes, by op type: with {@code train.profile=true} the trainer
 * times every op SameDiff runs and the model prints the table when it closes (after
 * {@code minigpt bench}, say). Time outside the ops is SameDiff's own bookkeeping and the updaters.
 */
public final class OpTimes extends BaseListener {
    private static final int ROWS = 15;

    private final Map<String, long[]> byType = new HashMap<>(); // type -> {nanos, count}
    private long opStart;
    private long steps;
    private long stepNanos;
    private boolean inStep;

    /** Times the ops run by {@code step}, and the step itself. */
    public <T> T step(java.util.function.Supplier<T> step) {
        long start = System.nanoTime();
        inStep = true;
        try {
            return step.get();
        } finally {
            inStep = false;
            steps++;
            stepNanos += System.nanoTime() - start;
        }
    }

    @Override
    public boolean isActive(Operation operation) {
        return true; // SameDiff computes gradients as an inference of its gradient function: filtered below
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
        opStart = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
        if (!inStep) {
            return;
        }
        long[] total = byType.computeIfAbsent(op.getOp().opName(), type -> new long[2]);
        total[0] += System.nanoTime() - opStart;
        total[1]++;
    }

    public void print(PrintStream out) {
        print(out, ROWS);
    }

    /** The summary, then the {@code rows} op types that took longest. */
    public void print(PrintStream out, int rows) {
        if (steps == 0) {
            return;
        }
        long opNanos = byType.values().stream().mapToLong(total -> total[0]).sum();
        out.printf("profile    %d training steps, %.1f ms a step: %.1f ms in %d ops, %.1f ms outside them%n", steps,
                stepNanos / 1e6 / steps, opNanos / 1e6 / steps, byType.values().stream().mapToLong(t -> t[1]).sum() / steps,
                (stepNanos - opNanos) / 1e6 / steps);
        out.printf("           %-32s %10s %7s %6s%n", "op type", "ms/step", "share", "ops");
        byType.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(rows)
                .forEach(entry -> out.printf("           %-32s %10.1f %6.1f%% %6d%n", entry.getKey(),
                        entry.getValue()[0] / 1e6 / steps, 100.0 * entry.getValue()[0] / stepNanos, entry.getValue()[1] / steps));
    }
}
