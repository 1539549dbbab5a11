package org.minigpt.cli.train;

import java.io.PrintStream;
import java.time.Duration;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.cli.data.BatchSampler;
import org.minigpt.cli.data.TokenSplit;

/** Next-token training: a step per batch, a line per {@code log_interval} steps, the val loss at the end. */
public final class Training {
    private final LanguageModel model;
    private final Optimizer optimizer;
    private final TrainOptions options;
    private final PrintStream out;

    public Training(LanguageModel model, Optimizer optimizer, TrainOptions options, PrintStream out) {
        this.model = model;
        this.optimizer = optimizer;
        this.options = options;
        this.out = out;
    }

    /** What a run measured. {@code valLoss} is NaN when nothing was held out. */
    public record Result(double firstLoss, double lastLoss, double valLoss, double tokensPerSecond, Duration elapsed) {
    }

    public Result run(TokenSplit split) {
        int length = model.contextLength();
        BatchSampler batches = new BatchSampler(split.train(), length, options.batchSize(), options.seed());
        ModelTrainer trainer = model.trainer(optimizer);
        long tokensPerStep = (long) options.batchSize() * length;

        long start = System.nanoTime();
        long windowStart = start;
        double firstLoss = Double.NaN;
        double windowLoss = 0;
        int windowSteps = 0;
        double lastLoss = Double.NaN;
        for (int step = 1; step <= options.steps(); step++) {
            double loss = trainer.step(batches.next(), optimizer.learningRate());
            if (step == 1) {
                firstLoss = loss;
            }
            windowLoss += loss;
            windowSteps++;
            if (step % options.logInterval() == 0 || step == options.steps() || step == 1) {
                long now = System.nanoTime();
                lastLoss = windowLoss / windowSteps;
                double tokensPerSecond = windowSteps * tokensPerStep / ((now - windowStart) / 1e9);
                out.printf("step %5d/%d  loss %.4f  %,8.0f tok/s  %s%n", step, options.steps(), lastLoss,
                        tokensPerSecond, clock(Duration.ofNanos(now - start)));
                windowStart = now;
                windowLoss = 0;
                windowSteps = 0;
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        double tokensPerSecond = options.steps() * tokensPerStep / (elapsed.toNanos() / 1e9);
        double valLoss = split.validation().length > length ? validationLoss(split.validation()) : Double.NaN;
        return new Result(firstLoss, lastLoss, valLoss, tokensPerSecond, elapsed);
    }

    /** Mean loss over {@code eval_batches} held-out batches; the same batches for the same seed. */
    double validationLoss(int[] validation) {
        BatchSampler batches = new BatchSampler(validation, model.contextLength(), options.batchSize(), options.seed() + 1);
        double sum = 0;
        for (int i = 0; i < options.evalBatches(); i++) {
            Batch batch = batches.next();
            sum += model.loss(batch);
        }
        return sum / options.evalBatches();
    }

    /** {@code h:mm:ss}. */
    public static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
