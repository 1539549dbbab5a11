package org.minigpt.cli.monitor;

import java.io.PrintStream;
import java.nio.file.Path;
import org.minigpt.core.train.TrainingListener;
import org.minigpt.core.train.TrainingPoint;

/** Progress as plain lines, one per logged point: for logs, pipes and CI. */
public final class ProgressLines implements TrainingListener {
    private final PrintStream out;

    public ProgressLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void logged(TrainingPoint point) {
        out.println(describe(point));
    }

    @Override
    public void checkpointed(long step, Path folder) {
        out.println("checkpoint " + folder);
    }

    static String describe(TrainingPoint point) {
        String width = Integer.toString(Long.toString(point.totalSteps()).length());
        StringBuilder line = new StringBuilder(String.format("step %" + width + "d/%d  loss %.4f", point.step(),
                point.totalSteps(), point.loss()));
        if (point.evaluated()) {
            line.append(String.format("  val %.4f (best %.4f)", point.valLoss(), point.bestValLoss()));
        }
        point.measures().forEach((name, value) -> {
            if (!Double.isNaN(value)) {
                line.append(String.format("  %s %.3f", name, value));
            }
        });
        line.append(String.format("  lr %.2e  grad %.2f  %,6.0f tok/s  %s", point.learningRate(), point.gradientNorm(),
                point.tokensPerSecond(), Clock.format(point.elapsed())));
        return line.toString();
    }
}
