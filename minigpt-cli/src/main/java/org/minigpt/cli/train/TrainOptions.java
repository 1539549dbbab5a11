package org.minigpt.cli.train;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;

/** The {@code train.} keys. Defaults are the seed's: 3000 steps of batch 32, a 90/10 split. */
public record TrainOptions(int steps, int batchSize, long seed, double valFraction, int logInterval, int evalBatches) {
    public static final String STEPS = "steps";
    public static final String BATCH_SIZE = "batch_size";
    public static final String SEED = "seed";
    public static final String VAL_FRACTION = "val_fraction";
    public static final String LOG_INTERVAL = "log_interval";
    public static final String EVAL_BATCHES = "eval_batches";

    public TrainOptions {
        ConfigException.requireAtLeast("train.steps", steps, 1);
        ConfigException.requireAtLeast("train.batch_size", batchSize, 1);
        ConfigException.requireInHalfOpenRange("train.val_fraction", valFraction, 0, 1);
        ConfigException.requireAtLeast("train.log_interval", logInterval, 1);
        ConfigException.requireAtLeast("train.eval_batches", evalBatches, 1);
    }

    public static TrainOptions from(PluginConfig config) {
        return new TrainOptions(
                config.integer(STEPS, 3000),
                config.integer(BATCH_SIZE, 32),
                config.longInteger(SEED, 1337),
                config.decimal(VAL_FRACTION, 0.1),
                config.integer(LOG_INTERVAL, 100),
                config.integer(EVAL_BATCHES, 20));
    }
}
