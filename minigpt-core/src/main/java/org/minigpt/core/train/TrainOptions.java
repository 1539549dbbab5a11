package org.minigpt.core.train;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;

/**
 * The {@code train.} keys. Steps, batch and split are the tutorial's (3000 steps of 32 windows, 90/10);
 * the schedule (warmup, cosine decay to {@code min_lr}, clipping at norm 1) is nanoGPT's.
 *
 * @param keepCheckpoints how many of the latest checkpoints to keep, besides the best
 * @param gradClip the largest global gradient norm; 0 turns clipping off
 * @param threads how many parts a step splits its batch into, run at once (data parallel)
 */
public record TrainOptions(int steps, int batchSize, long seed, double valFraction, int logInterval,
        int evalInterval, int evalBatches, int checkpointInterval, int keepCheckpoints, String lrSchedule, int warmupSteps, double minLr,
        double gradClip, int threads) {
    public static final String STEPS = "steps";
    public static final String BATCH_SIZE = "batch_size";
    public static final String SEED = "seed";
    public static final String VAL_FRACTION = "val_fraction";
    public static final String LOG_INTERVAL = "log_interval";
    public static final String EVAL_INTERVAL = "eval_interval";
    public static final String EVAL_BATCHES = "eval_batches";
    public static final String CHECKPOINT_INTERVAL = "checkpoint_interval";
    public static final String KEEP_CHECKPOINTS = "keep_checkpoints";
    public static final String LR_SCHEDULE = "lr_schedule";
    public static final String WARMUP_STEPS = "warmup_steps";
    public static final String MIN_LR = "min_lr";
    public static final String GRAD_CLIP = "grad_clip";
    public static final String THREADS = "threads";

    /** Keys a resumed run may change: they alter how it goes on, not what it has learnt from. */
    public static final java.util.Set<String> RESUMABLE = java.util.Set.of(STEPS, LOG_INTERVAL, EVAL_INTERVAL,
            EVAL_BATCHES, CHECKPOINT_INTERVAL, KEEP_CHECKPOINTS, LR_SCHEDULE, WARMUP_STEPS, MIN_LR, GRAD_CLIP, THREADS);

    public TrainOptions {
        ConfigException.requireAtLeast("train.steps", steps, 1);
        ConfigException.requireAtLeast("train.batch_size", batchSize, 1);
        ConfigException.requireInHalfOpenRange("train.val_fraction", valFraction, 0, 1);
        ConfigException.requireAtLeast("train.log_interval", logInterval, 1);
        ConfigException.requireAtLeast("train.eval_interval", evalInterval, 1);
        ConfigException.requireAtLeast("train.eval_batches", evalBatches, 1);
        ConfigException.requireAtLeast("train.checkpoint_interval", checkpointInterval, 1);
        ConfigException.requireAtLeast("train.keep_checkpoints", keepCheckpoints, 1);
        if (!lrSchedule.equals(LearningRateSchedule.COSINE) && !lrSchedule.equals(LearningRateSchedule.CONSTANT)) {
            throw new ConfigException("train.lr_schedule must be " + LearningRateSchedule.COSINE + " or "
                    + LearningRateSchedule.CONSTANT + ", was '" + lrSchedule + "'");
        }
        ConfigException.requireAtLeast("train.warmup_steps", warmupSteps, 0);
        ConfigException.requireInHalfOpenRange("train.min_lr", minLr, 0, Double.POSITIVE_INFINITY);
        ConfigException.requireInHalfOpenRange("train.grad_clip", gradClip, 0, Double.POSITIVE_INFINITY);
        ConfigException.requireAtLeast("train.threads", threads, 1);
        if (threads > batchSize) {
            throw new ConfigException("train.threads (" + threads + ") must not exceed train.batch_size (" + batchSize
                    + "): each thread takes whole rows of the batch");
        }
    }

    public static TrainOptions from(PluginConfig config) {
        int batchSize = config.integer(BATCH_SIZE, 32);
        return new TrainOptions(
                config.integer(STEPS, 3000),
                batchSize,
                config.longInteger(SEED, 1337),
                config.decimal(VAL_FRACTION, 0.1),
                config.integer(LOG_INTERVAL, 100),
                config.integer(EVAL_INTERVAL, 250),
                config.integer(EVAL_BATCHES, 20),
                config.integer(CHECKPOINT_INTERVAL, 500),
                config.integer(KEEP_CHECKPOINTS, 1),
                config.string(LR_SCHEDULE, LearningRateSchedule.COSINE),
                config.integer(WARMUP_STEPS, 100),
                config.decimal(MIN_LR, 1e-4),
                config.decimal(GRAD_CLIP, 1.0),
                config.integer(THREADS, Math.min(Runtime.getRuntime().availableProcessors(), batchSize)));
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

    /** The clipping limit for {@link org.minigpt.api.model.TrainingStep}. */
    public double maxGradientNorm() {
        return gradClip == 0 ? Double.POSITIVE_INFINITY : gradClip;
    }

    public long tokensPerStep(int contextLength) {
        return (long) batchSize * contextLength;
    }
}
