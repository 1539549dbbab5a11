package org.minigpt.spark;

import java.io.IOException;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.StepResult;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.core.Parts;
import org.minigpt.core.data.BatchSampler;
import org.minigpt.core.data.TokenStream;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.TrainOptions;

/** A worker's model on an executor, with its optimizer and tokens: built once per run, reused each round. */
final class Replica implements AutoCloseable {
    private final LanguageModel model;
    private final Optimizer optimizer;
    private final TrainOptions options;
    private final LearningRateSchedule schedule;
    private final TokenStream tokens;

    private Replica(LanguageModel model, Optimizer optimizer, TrainOptions options, TokenStream tokens) {
        this.model = model;
        this.optimizer = optimizer;
        this.options = options;
        this.schedule = options.schedule(optimizer.learningRate());
        this.tokens = tokens;
    }

    static Replica build(WorkerSpec spec) throws IOException {
        Config config = Config.of(spec.config());
        Parts parts = new Parts(Plugins.discover(Replica.class.getClassLoader()));
        TokenStream tokens = spec.tokens().open();
        LanguageModel model = parts.model(config).create(config.section(Plugins.MODEL), spec.vocabSize(), 0);
        Optimizer optimizer = parts.optimizer(config).create(config.section(Plugins.OPTIMIZER));
        return new Replica(model, optimizer, TrainOptions.from(config.section(TrainOptions.SECTION)), tokens);
    }

    /** What a worker's steps leave: the change of its weights (start minus end), its optimizer state, each step's loss and norm. */
    record Steps(float[] change, WorkerState state, double[] losses, double[] gradientNorms) {
    }

    /**
     * Worker {@code worker}'s steps {@code from .. to - 1} from weights {@code start} and optimizer {@code state} (null: a
     * fresh optimizer), on one thread.
     */
    Steps train(int worker, long from, long to, float[] start, WorkerState state) {
        model.setParameterValues(start);
        long seed = WorkerSeeds.of(options.seed(), worker);
        ModelTrainer trainer = model.trainer(optimizer, seed, 1, options.microBatches(), false);
        if (state != null) {
            state.loadInto(trainer);
        }
        BatchSampler batches = new BatchSampler(tokens, model.contextLength(), options.batchSize(), seed);
        int count = Math.toIntExact(to - from);
        double[] losses = new double[count];
        double[] norms = new double[count];
        for (int i = 0; i < count; i++) {
            long step = from + i;
            StepResult result = trainer.step(batches.batch(step), new TrainingStep(step, schedule.at(step), options.maxGradientNorm()));
            losses[i] = result.loss();
            norms[i] = result.gradientNorm();
        }
        float[] change = model.parameterValues();
        for (int i = 0; i < change.length; i++) {
            change[i] = start[i] - change[i];
        }
        return new Steps(change, WorkerState.of(trainer), losses, norms);
    }

    @Override
    public void close() {
        model.close();
        tokens.close();
    }
}
