package org.minigpt.spark;

import java.io.Serializable;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.TrainOptions;

/**
 * The {@code diloco.} keys: how many workers train at once, how many steps each takes between averages
 * (H), and the outer Nesterov SGD that applies the averaged change. The defaults are the best of the sweep
 * in docs/spark.md (2 workers, H = 10, 50 and 200); OpenDiLoCo's are lr 0.7, momentum 0.9 and the outer model.
 *
 * @param synchronousSteps the run's first steps, after each of which the workers are averaged (synchronous data
 *     parallel, as post-local SGD starts), before the rounds of H steps begin
 * @param outerLearningRateEnd the outer rate once the workers' rate has decayed to its floor; the outer rate
 *     moves from {@code outerLearningRate} to it as the workers' rate comes down
 * @param modelIsAverage whether the run's model (evaluated, saved, the result) is the workers' average, the
 *     outer step choosing only where the next round starts; else it is the outer step's point, as in the paper
 */
public record DilocoOptions(int workers, int innerSteps, int synchronousSteps, double outerLearningRate,
        double outerLearningRateEnd, double outerMomentum, boolean modelIsAverage) implements Serializable {
    public static final String SECTION = "diloco";
    static final Setting<Integer> WORKERS = Setting.integer("workers", 2, Range.atLeast(1),
            "workers training at once, each one Spark task a round");
    static final Setting<Integer> INNER_STEPS = Setting.integer("inner_steps", 50, Range.atLeast(1),
            "H: the optimizer steps each worker takes between two averages (train.steps counts these)");
    static final Setting<Integer> SYNC_STEPS = Setting.integer("sync_steps", 100, Range.atLeast(0),
            "the run's first steps, each followed by the workers' average (synchronous data parallel), before rounds of H"
                    + " steps: fewer steps apart while the weights move most, at a round's traffic a step")
            .defaultDescribed("train.warmup_steps from random weights; 0 from trained ones (--init-from) or with"
                    + " train.lr_schedule=constant");
    static final Setting<Double> OUTER_LR = Setting.decimal("outer_lr", outerLearningRateFor(INNER_STEPS.defaultValue()), Range.positive(),
            "learning rate of the outer Nesterov SGD applied to the workers' averaged change")
            .defaultDescribed("1 at H ≤ 10, 1.5 at H ≥ 50, log-interpolated between");
    static final Setting<Double> OUTER_LR_END = Setting.decimal("outer_lr_end", OUTER_LR.defaultValue(), Range.positive(),
            "the outer learning rate once train.lr_schedule has decayed the workers' rate to train.min_lr; it moves there"
                    + " from diloco.outer_lr as their rate comes down").defaultDescribed("diloco.outer_lr");
    static final Setting<Double> OUTER_MOMENTUM = Setting.decimal("outer_momentum", 0, Range.halfOpen(0, 1),
            "momentum of the outer SGD (0: plain SGD)");
    static final String AVERAGE = "average";
    static final String OUTER = "outer";
    static final Setting<String> MODEL = Setting.choice("model", AVERAGE, List.of(AVERAGE, OUTER),
            "the run's model after a round: average (the workers' average; the outer step picks where the next round"
                    + " starts) or outer (the outer step's point, as the DiLoCo paper)");
    public static final List<Setting<?>> SETTINGS = List.of(WORKERS, INNER_STEPS, SYNC_STEPS, OUTER_LR, OUTER_LR_END, OUTER_MOMENTUM, MODEL);

    public DilocoOptions {
        WORKERS.check(SECTION, workers);
        INNER_STEPS.check(SECTION, innerSteps);
        SYNC_STEPS.check(SECTION, synchronousSteps);
        OUTER_LR.check(SECTION, outerLearningRate);
        OUTER_LR_END.check(SECTION, outerLearningRateEnd);
        OUTER_MOMENTUM.check(SECTION, outerMomentum);
    }

    /**
     * The options {@code config} sets, their defaults derived from H, from the run's {@code train} options and from
     * whether it starts from trained weights, whose warmup has no fast early moves to keep in step.
     */
    public static DilocoOptions from(PluginConfig config, TrainOptions train, boolean fromTrainedWeights) {
        int innerSteps = config.get(INNER_STEPS);
        boolean warmup = !fromTrainedWeights && !train.lrSchedule().equals(LearningRateSchedule.CONSTANT);
        // Read with the defaults they derive from, so the run's saved configuration holds the rates it used.
        double outerLearningRate = config.decimal(OUTER_LR.name(), outerLearningRateFor(innerSteps));
        return new DilocoOptions(config.get(WORKERS), innerSteps, config.integer(SYNC_STEPS.name(), warmup ? train.warmupSteps() : 0), outerLearningRate,
                config.decimal(OUTER_LR_END.name(), outerLearningRate), config.get(OUTER_MOMENTUM),
                MODEL.check(SECTION, config.get(MODEL)).equals(AVERAGE));
    }

    /**
     * The default outer rate at H inner steps: the sweep's best, 1 (plain averaging) at H = 10 and 1.5 at
     * H = 50 and 200, log-interpolated between them: the longer the round, the further the outer step has to
     * make up for the workers' half batches.
     */
    static double outerLearningRateFor(int innerSteps) {
        double between = Math.log(innerSteps / 10.0) / Math.log(5);
        return 1 + 0.5 * Math.max(0, Math.min(1, between));
    }

    /** Whether the round that starts after {@code step} steps is one synchronous step. */
    boolean synchronousAt(long step) {
        return step < synchronousSteps;
    }

    /** The step the round that starts after {@code step} steps ends at. */
    long roundEnd(long step) {
        return synchronousAt(step) ? step + 1 : synchronousSteps + ((step - synchronousSteps) / innerSteps + 1) * innerSteps;
    }

    /** The number, from 1, of the round that starts after {@code step} steps. */
    long round(long step) {
        return Math.min(step, synchronousSteps) + Math.max(0, step - synchronousSteps) / innerSteps + 1;
    }

    /** The outer rate when the workers' rate has come {@code decayed} of the way down (0 to 1) from its peak. */
    double outerLearningRateAt(double decayed) {
        return outerLearningRate + (outerLearningRateEnd - outerLearningRate) * decayed;
    }
}
