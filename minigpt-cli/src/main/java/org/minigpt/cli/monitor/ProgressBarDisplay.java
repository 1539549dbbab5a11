package org.minigpt.cli.monitor;

import java.io.PrintStream;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.minigpt.api.model.StepResult;
import org.minigpt.core.train.TrainingListener;
import org.minigpt.core.train.TrainingPoint;

/** A live progress bar on a terminal: step, ETA, and the latest loss, val loss and speed beside it. */
public final class ProgressBarDisplay implements TrainingListener {
    private final PrintStream out;
    private ProgressBar bar;
    private String loss = "";
    private String val = "";
    private String speed = "";

    public ProgressBarDisplay(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(long firstStep, long lastStep, TrainingPoint resumedFrom) {
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(lastStep)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(500)
                .startsFrom(firstStep - 1, resumedFrom.elapsed())
                .build();
        if (!Double.isNaN(resumedFrom.bestValLoss())) {
            val = String.format("  best val %.4f", resumedFrom.bestValLoss());
        }
    }

    @Override
    public void stepped(long step, StepResult result, double learningRate, long nanos) {
        loss = String.format("loss %.4f", result.loss());
        bar.stepTo(step);
        bar.setExtraMessage(loss + val + speed);
    }

    @Override
    public void logged(TrainingPoint point) {
        speed = String.format("  %,.0f tok/s", point.tokensPerSecond());
        if (point.evaluated()) {
            val = String.format("  val %.4f (best %.4f)", point.valLoss(), point.bestValLoss());
        }
        bar.setExtraMessage(loss + val + speed);
    }

    @Override
    public void checkpointed(long step, Path folder) {
        bar.setExtraMessage(loss + val + speed + "  saved " + folder.getFileName());
    }

    @Override
    public void finished(TrainingPoint last) {
        if (bar != null) {
            bar.close();
        }
    }
}
