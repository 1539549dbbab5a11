package org.minigpt.core.internal.train;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.StepResult;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.CheckpointState;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.StepDriver;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.train.TrainingListener;
import org.minigpt.core.train.TrainingPoint;

/**
 * Next-token training: a scheduled, clipped step per batch; the held-out loss every
 * {@code eval_interval} steps; a checkpoint every {@code checkpoint_interval} steps, at each new best,
 * at the end and when asked to stop. Listeners see every step and point.
 */
public final class Training {
    private final LanguageModel model;
    private final StepDriver driver;
    private final double peakLearningRate;
    private final TrainOptions options;
    private final Checkpoints checkpoints;
    private final List<TrainingListener> listeners;
    private final BooleanSupplier stopRequested;

    /** @param driver takes {@code model}'s steps, holding the optimizer state to go on from when resuming */
    public Training(LanguageModel model, StepDriver driver, double peakLearningRate, TrainOptions options,
            Checkpoints checkpoints, List<TrainingListener> listeners, BooleanSupplier stopRequested) {
        this.model = model;
        this.driver = driver;
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
        Session session = new Session(data, resumeFrom);
        boolean stopped = session.trainToEnd();
        for (TrainingListener listener : listeners) {
            listener.finished(session.last);
        }
        return new Result(session.step, stopped, session.firstLoss, session.last, session.saved);
    }

    /** One sitting's state: where it stands, the best val loss so far, and the steps since the last logged point. */
    private final class Session {
        private final TrainingData data;
        private final Evaluation evaluation;
        private final LearningRateSchedule schedule;
        private final long tokensPerStep;
        private final CheckpointState start;
        private final long sessionStart = System.nanoTime();
        private long step;
        private double bestValLoss;
        private long bestStep;
        private double valLoss;
        private TrainingPoint last;
        private long windowNanos; // step time only: evaluations and checkpoints do not count against throughput
        private double windowLoss;
        private int windowSteps;
        private double firstLoss = Double.NaN;
        private Checkpoint saved;
        private final Map<String, double[]> windowMeasures = new LinkedHashMap<>(); // name -> {sum, count}
        private Map<String, Double> evaluated = Map.of();

        Session(TrainingData data, Optional<Checkpoint> resumeFrom) {
            this.data = data;
            long windowsPerStep = driver.windowsPerStep(options.batchSize());
            this.evaluation = Evaluation.of(data, options, windowsPerStep);
            this.schedule = options.schedule(peakLearningRate);
            this.tokensPerStep = windowsPerStep * model.contextLength();
            this.start = resumeFrom.map(Checkpoint::state).orElse(new CheckpointState(0, 0, Double.NaN, Double.NaN, 0, Duration.ZERO));
            this.step = start.step();
            this.bestValLoss = start.bestValLoss();
            this.bestStep = start.bestStep();
            this.valLoss = start.valLoss();
            this.saved = resumeFrom.orElse(null);
            this.last = new TrainingPoint(step, options.steps(), start.tokens(), Double.NaN, valLoss, bestValLoss,
                    schedule.at(step), Double.NaN, Double.NaN, start.elapsed(), Map.of());
            for (TrainingListener listener : listeners) {
                listener.started(step + 1, options.steps(), last);
            }
        }

        /**
         * Steps to {@code train.steps}; true when asked to stop before it (a checkpoint was saved). A driver that
         * takes several steps at once is evaluated, logged and saved when its steps pass an interval's multiple.
         */
        boolean trainToEnd() throws IOException {
            while (step < options.steps()) {
                if (stopRequested.getAsBoolean()) {
                    return true;
                }
                long before = step;
                StepDriver.TakenStep taken = null;
                for (StepDriver.TakenStep each : driver.advance(step, options.steps())) {
                    taken = record(each);
                }
                boolean last = step == options.steps();
                boolean evaluate = !evaluation.isEmpty() && (passed(before, options.evalInterval()) || last);
                boolean improved = evaluate && evaluate();
                if (evaluate || passed(before, options.logInterval()) || last || before == 0) {
                    log(evaluate, taken.learningRate(), taken.result());
                }
                boolean stopNow = stopRequested.getAsBoolean();
                if (improved || passed(before, options.checkpointInterval()) || last || stopNow) {
                    checkpoint(improved);
                }
                if (stopNow && !last) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the steps after {@code before} up to now reached a multiple of {@code interval}. */
        private boolean passed(long before, int interval) {
            return step / interval > before / interval;
        }

        private StepDriver.TakenStep record(StepDriver.TakenStep taken) {
            StepResult result = taken.result();
            step++;
            if (Double.isNaN(firstLoss)) {
                firstLoss = result.loss();
            }
            if (!Double.isFinite(result.loss())) {
                throw new MinigptException("the loss became " + result.loss() + " at step " + step
                        + "; lower the learning rate or set train.grad_clip (the last checkpoint is kept)");
            }
            for (TrainingListener listener : listeners) {
                listener.stepped(step, result, taken.learningRate(), taken.nanos());
            }
            windowLoss += result.loss();
            taken.measures().forEach((name, value) -> {
                double[] sum = windowMeasures.computeIfAbsent(name, key -> new double[2]);
                sum[0] += value;
                sum[1]++;
            });
            windowNanos += taken.nanos();
            windowSteps++;
            return taken;
        }

        /** The held-out loss now; true when it is the best so far. */
        private boolean evaluate() {
            valLoss = evaluation.loss(model);
            evaluated = driver.evaluate();
            boolean improved = Double.isNaN(bestValLoss) || valLoss < bestValLoss || !driver.bestByValLoss();
            if (improved) {
                bestValLoss = valLoss;
                bestStep = step;
            }
            return improved;
        }

        private void log(boolean evaluatedNow, double learningRate, StepResult result) {
            Map<String, Double> measures = new LinkedHashMap<>();
            for (String name : driver.measureNames()) {
                double[] sum = windowMeasures.get(name);
                Double value = evaluatedNow ? evaluated.get(name) : null;
                measures.put(name, value != null ? value : sum != null ? sum[0] / sum[1] : Double.NaN);
            }
            last = new TrainingPoint(step, options.steps(), step * tokensPerStep, windowLoss / windowSteps,
                    evaluatedNow ? valLoss : Double.NaN, bestValLoss, learningRate, result.gradientNorm(),
                    windowSteps * tokensPerStep / (windowNanos / 1e9), start.elapsed().plusNanos(System.nanoTime() - sessionStart),
                    measures);
            for (TrainingListener listener : listeners) {
                listener.logged(last);
            }
            windowNanos = 0;
            windowMeasures.clear();
            windowLoss = 0;
            windowSteps = 0;
        }

        private void checkpoint(boolean best) throws IOException {
            CheckpointState state = new CheckpointState(step, step * tokensPerStep, valLoss, bestValLoss, bestStep,
                    start.elapsed().plusNanos(System.nanoTime() - sessionStart));
            saved = checkpoints.save(state, folder -> {
                model.save(folder);
                driver.saveState(folder);
            }, best);
            for (TrainingListener listener : listeners) {
                listener.checkpointed(step, saved.path());
            }
        }
    }
}
