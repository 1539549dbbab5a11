package org.minigpt.core.train;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.StepResult;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.CheckpointState;
import org.minigpt.core.run.Checkpoints;

/**
 * Next-token training: a scheduled, clipped step per batch; the held-out loss every
 * {@code eval_interval} steps; a checkpoint every {@code checkpoint_interval} steps, at each new best,
 * at the end and when asked to stop. Listeners see every step and point.
 */
public final class Training {
    private final LanguageModel model;
    private final ModelTrainer trainer;
    private final double peakLearningRate;
    private final TrainOptions options;
    private final Checkpoints checkpoints;
    private final List<TrainingListener> listeners;
    private final BooleanSupplier stopRequested;

    /** @param trainer {@code model}'s trainer, holding the optimizer state to go on from when resuming */
    public Training(LanguageModel model, ModelTrainer trainer, double peakLearningRate, TrainOptions options,
            Checkpoints checkpoints, List<TrainingListener> listeners, BooleanSupplier stopRequested) {
        this.model = model;
        this.trainer = trainer;
        this.peakLearningRate = peakLearningRate;
        this.options = options;
        this.checkpoints = checkpoints;
        this.listeners = List.copyOf(listeners);
        this.stopRequested = stopRequested;
    }

    /**
     * What a run measured.
     *
     * @param stoppedEarly the run was asked to stop before its last step (and saved a checkpoint)
     * @param firstLoss the loss of this session's first step
     */
    public record Result(long step, boolean stoppedEarly, double firstLoss, TrainingPoint last, Checkpoint checkpoint) {
    }

    /** Trains from scratch, or from {@code resumeFrom}, whose weights and optimizer state the model and trainer hold. */
    public Result run(TrainingData data, Optional<Checkpoint> resumeFrom) throws IOException {
        int length = model.contextLength();
        Evaluation evaluation = Evaluation.of(data, options);
        LearningRateSchedule schedule = options.schedule(peakLearningRate);
        long tokensPerStep = options.tokensPerStep(length);

        CheckpointState start = resumeFrom.map(Checkpoint::state)
                .orElse(new CheckpointState(0, 0, Double.NaN, Double.NaN, 0, Duration.ZERO));
        long step = start.step();
        double bestValLoss = start.bestValLoss();
        long bestStep = start.bestStep();
        double valLoss = start.valLoss();
        TrainingPoint last = new TrainingPoint(step, options.steps(), start.tokens(), Double.NaN, valLoss, bestValLoss,
                schedule.at(step), Double.NaN, Double.NaN, start.elapsed());
        for (TrainingListener listener : listeners) {
            listener.started(step + 1, options.steps(), last);
        }

        long sessionStart = System.nanoTime();
        long windowNanos = 0; // step time only: evaluations and checkpoints do not count against throughput
        double windowLoss = 0;
        int windowSteps = 0;
        double firstLoss = Double.NaN;
        Checkpoint saved = resumeFrom.orElse(null);
        boolean stopped = false;
        while (step < options.steps()) {
            if (stopRequested.getAsBoolean()) {
                stopped = true;
                break;
            }
            double learningRate = schedule.at(step);
            long stepStart = System.nanoTime();
            StepResult result = trainer.step(data.trainBatch(step), new TrainingStep(step, learningRate, options.maxGradientNorm()));
            long stepNanos = System.nanoTime() - stepStart;
            step++;
            if (Double.isNaN(firstLoss)) {
                firstLoss = result.loss();
            }
            if (!Double.isFinite(result.loss())) {
                throw new MinigptException("the loss became " + result.loss() + " at step " + step
                        + "; lower the learning rate or set train.grad_clip (the last checkpoint is kept)");
            }
            for (TrainingListener listener : listeners) {
                listener.stepped(step, result, learningRate, stepNanos);
            }
            windowLoss += result.loss();
            windowNanos += stepNanos;
            windowSteps++;

            boolean evaluate = !evaluation.isEmpty() && (step % options.evalInterval() == 0 || step == options.steps());
            boolean improved = false;
            if (evaluate) {
                valLoss = evaluation.loss(model);
                improved = Double.isNaN(bestValLoss) || valLoss < bestValLoss;
                if (improved) {
                    bestValLoss = valLoss;
                    bestStep = step;
                }
            }
            if (evaluate || step % options.logInterval() == 0 || step == options.steps() || step == 1) {
                long now = System.nanoTime();
                last = new TrainingPoint(step, options.steps(), step * tokensPerStep, windowLoss / windowSteps,
                        evaluate ? valLoss : Double.NaN, bestValLoss, learningRate, result.gradientNorm(),
                        windowSteps * tokensPerStep / (windowNanos / 1e9),
                        start.elapsed().plusNanos(now - sessionStart));
                for (TrainingListener listener : listeners) {
                    listener.logged(last);
                }
                windowNanos = 0;
                windowLoss = 0;
                windowSteps = 0;
            }
            boolean stopNow = stopRequested.getAsBoolean();
            if (improved || step % options.checkpointInterval() == 0 || step == options.steps() || stopNow) {
                CheckpointState state = new CheckpointState(step, step * tokensPerStep, valLoss, bestValLoss, bestStep,
                        start.elapsed().plusNanos(System.nanoTime() - sessionStart));
                saved = checkpoints.save(state, folder -> {
                    model.save(folder);
                    trainer.saveState(folder);
                }, improved);
                for (TrainingListener listener : listeners) {
                    listener.checkpointed(step, saved.path());
                }
            }
            if (stopNow && step < options.steps()) {
                stopped = true;
                break;
            }
        }
        for (TrainingListener listener : listeners) {
            listener.finished(last);
        }
        return new Result(step, stopped, firstLoss, last, saved);
    }

    /** {@code h:mm:ss}. */
    public static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
