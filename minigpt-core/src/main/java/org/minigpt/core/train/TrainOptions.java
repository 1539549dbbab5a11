package org.minigpt.core.train;

import org.minigpt.api.config.ConfigException;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;

/**
 * The {@code train.} keys. Steps, batch and split are the tutorial's (3000 steps of 32 windows, 90/10);
 * the schedule (warmup, cosine decay to {@code min_lr}, clipping at norm 1) is nanoGPT's.
 *
 * @param keepCheckpoints how many of the latest checkpoints to keep, besides the best
 * @param gradClip the largest global gradient norm; 0 turns clipping off
 * @param threads how many parts a step splits its batch into, run at once (data parallel)
 * @param microBatches how many parts of consecutive rows a step takes one after another, their gradients summed
 *     (gradient accumulation: the same step in less memory); each is split over the threads
 * @param profile time every op of each training step, for a table printed when the model closes
 * @param engine where the steps are taken: {@value #LOCAL_ENGINE} (this process) or a {@link TrainingEngine}'s name
 * @param objective {@value #NEXT_TOKEN} (next-token prediction on the data) or {@value #REINFORCEMENT} (sampled answers
 *     to the data's questions, made more likely where they score above their group: the {@code rl.} keys)
 */
public record TrainOptions(int steps, int batchSize, long seed, double valFraction, int logInterval,
        int evalInterval, int evalBatches, int checkpointInterval, int keepCheckpoints, String lrSchedule, int warmupSteps, double minLr,
        double gradClip, int threads, int microBatches, boolean profile, String engine, String objective) {
    /** The engine that trains in this process. */
    public static final String LOCAL_ENGINE = "local";
    /** The {@code train.} key that names the engine. */
    public static final String ENGINE_KEY = "engine";
    public static final String SECTION = "train";
    /** Next-token prediction: the loss of every scored target of the data's windows. */
    public static final String NEXT_TOKEN = "next-token";
    /** Learning from rewards: policy-gradient steps on sampled answers (the {@code rl.} keys). */
    public static final String REINFORCEMENT = "rl";
    static final Setting<Integer> STEPS = Setting.integer("steps", 3000, Range.atLeast(1), "optimizer steps");
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", 32, Range.atLeast(1), "windows per step");
    static final Setting<Long> SEED = Setting.longInteger("seed", 1337, Range.any(), "weights, batches and dropout all follow it");
    static final Setting<Double> VAL_FRACTION = Setting.decimal("val_fraction", 0.1, Range.halfOpen(0, 1),
            "the tail of the text (or the last documents of a corpus) held out");
    static final Setting<Integer> LOG_INTERVAL = Setting.integer("log_interval", 100, Range.atLeast(1),
            "steps between progress lines and metrics.csv rows");
    static final Setting<Integer> EVAL_INTERVAL = Setting.integer("eval_interval", 250, Range.atLeast(1),
            "steps between evaluations (and at the last step)");
    static final Setting<Integer> EVAL_BATCHES = Setting.integer("eval_batches", 20, Range.atLeast(1),
            "held-out batches averaged for the val loss, the same at every evaluation");
    static final Setting<Integer> CHECKPOINT_INTERVAL = Setting.integer("checkpoint_interval", 500, Range.atLeast(1),
            "steps between checkpoints (also at each new best val loss, at the end, and on Ctrl-C)");
    static final Setting<Integer> KEEP_CHECKPOINTS = Setting.integer("keep_checkpoints", 1, Range.atLeast(1),
            "how many of the latest checkpoints to keep, besides the best");
    static final Setting<String> LR_SCHEDULE = Setting.choice("lr_schedule", LearningRateSchedule.COSINE,
            List.of(LearningRateSchedule.COSINE, LearningRateSchedule.CONSTANT),
            "cosine (warmup, then cosine decay) or constant (optimizer.lr throughout, as the tutorial does)");
    static final Setting<Integer> WARMUP_STEPS = Setting.integer("warmup_steps", 100, Range.atLeast(0),
            "steps of linear warmup from 0 to optimizer.lr");
    static final Setting<Double> MIN_LR = Setting.decimal("min_lr", 1e-4, Range.halfOpen(0, Double.POSITIVE_INFINITY),
            "the learning rate the cosine reaches at train.steps, at most optimizer.lr");
    static final Setting<Double> GRAD_CLIP = Setting.decimal("grad_clip", 1.0, Range.halfOpen(0, Double.POSITIVE_INFINITY),
            "largest global L2 norm of the gradients (0: no clipping)");
    static final Setting<Integer> THREADS = Setting.integer("threads", 1, Range.atLeast(1),
            "parts each batch is split into, run at once (data parallel); the same losses whatever the number")
            .defaultDescribed("the machine's cores, at most train.batch_size");
    static final Setting<Integer> MICRO_BATCHES = Setting.integer("micro_batches", 1, Range.atLeast(1),
            "parts of each batch taken one after another, gradients summed: the same step holding a part's activations at a"
            + " time (docs/platforms-and-memory.md)");
    static final Setting<Boolean> PROFILE = Setting.bool("profile", false,
            "time every op of each training step and print the slowest op types when the run ends");
    static final Setting<String> ENGINE = Setting.text(ENGINE_KEY, LOCAL_ENGINE,
            "where the steps are taken: local (this process) or an engine on the class path, e.g. spark (docs/spark.md)");
    /** The {@code train.} key that names the objective. */
    public static final String OBJECTIVE_KEY = "objective";
    static final Setting<String> OBJECTIVE = Setting.choice(OBJECTIVE_KEY, NEXT_TOKEN, List.of(NEXT_TOKEN, REINFORCEMENT),
            "next-token (predict the data's tokens) or rl (learn from rewards on the data's questions; docs/rl.md)");
    /** Every {@code train.} setting. */
    public static final List<Setting<?>> SETTINGS = List.of(STEPS, BATCH_SIZE, SEED, VAL_FRACTION, LOG_INTERVAL, EVAL_INTERVAL,
            EVAL_BATCHES, CHECKPOINT_INTERVAL, KEEP_CHECKPOINTS, LR_SCHEDULE, WARMUP_STEPS, MIN_LR, GRAD_CLIP, THREADS, MICRO_BATCHES, PROFILE,
            ENGINE, OBJECTIVE);

    /** Keys a resumed run may change: they alter how it goes on, not what it has learnt from. */
    public static final java.util.Set<String> RESUMABLE = java.util.Set.of(STEPS.name(), LOG_INTERVAL.name(), EVAL_INTERVAL.name(),
            EVAL_BATCHES.name(), CHECKPOINT_INTERVAL.name(), KEEP_CHECKPOINTS.name(), LR_SCHEDULE.name(), WARMUP_STEPS.name(),
            MIN_LR.name(), GRAD_CLIP.name(), THREADS.name(), MICRO_BATCHES.name(), PROFILE.name());

    public TrainOptions {
        STEPS.check(SECTION, steps);
        BATCH_SIZE.check(SECTION, batchSize);
        VAL_FRACTION.check(SECTION, valFraction);
        LOG_INTERVAL.check(SECTION, logInterval);
        EVAL_INTERVAL.check(SECTION, evalInterval);
        EVAL_BATCHES.check(SECTION, evalBatches);
        CHECKPOINT_INTERVAL.check(SECTION, checkpointInterval);
        KEEP_CHECKPOINTS.check(SECTION, keepCheckpoints);
        LR_SCHEDULE.check(SECTION, lrSchedule);
        WARMUP_STEPS.check(SECTION, warmupSteps);
        MIN_LR.check(SECTION, minLr);
        GRAD_CLIP.check(SECTION, gradClip);
        THREADS.check(SECTION, threads);
        MICRO_BATCHES.check(SECTION, microBatches);
        OBJECTIVE.check(SECTION, objective);
        if (threads > batchSize) {
            throw new ConfigException("train.threads (" + threads + ") must not exceed train.batch_size (" + batchSize
                    + "): each thread takes whole rows of the batch");
        }
        if (microBatches > batchSize) {
            throw new ConfigException("train.micro_batches (" + microBatches + ") must not exceed train.batch_size (" + batchSize
                    + "): each micro-batch takes whole rows of the batch");
        }
    }

    public static TrainOptions from(PluginConfig config) {
        int batchSize = config.integer(BATCH_SIZE.name(), BATCH_SIZE.defaultValue());
        return new TrainOptions(config.get(STEPS), batchSize, config.get(SEED), config.get(VAL_FRACTION),
                config.get(LOG_INTERVAL), config.get(EVAL_INTERVAL), config.get(EVAL_BATCHES), config.get(CHECKPOINT_INTERVAL),
                config.get(KEEP_CHECKPOINTS), config.get(LR_SCHEDULE), config.get(WARMUP_STEPS), config.get(MIN_LR),
                config.get(GRAD_CLIP),
                // Checked with the rest below: a batch size of 0 is the mistake to name, not the threads it leaves.
                config.integer(THREADS.name(), Math.min(Runtime.getRuntime().availableProcessors(), batchSize)),
                config.get(MICRO_BATCHES), config.get(PROFILE), config.get(ENGINE), config.get(OBJECTIVE));
    }

    /** The schedule for an optimizer whose configured (peak) learning rate is {@code peak}. */
    public LearningRateSchedule schedule(double peak) {
        if (lrSchedule.equals(LearningRateSchedule.CONSTANT)) {
            return new LearningRateSchedule.Constant(peak);
        }
        if (minLr > peak) {
            throw new ConfigException("train.min_lr (" + minLr + ") must not exceed the optimizer's learning rate ("
                    + peak + ")");
        }
        return new LearningRateSchedule.WarmupCosine(peak, minLr, warmupSteps, steps);
    }

    /** Whether the run learns from rewards ({@code train.objective=rl}). */
    public boolean reinforcement() {
        return objective.equals(REINFORCEMENT);
    }

    /** The clipping limit for {@link org.minigpt.api.model.TrainingStep}. */
    public double maxGradientNorm() {
        return gradClip == 0 ? Double.POSITIVE_INFINITY : gradClip;
    }

    public long tokensPerStep(int contextLength) {
        return (long) batchSize * contextLength;
    }
}
