package org.minigpt.core.internal.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.StepResult;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.StepDriver;

/** Steps in this process, one at a time: the run's trainer on the run's batches. */
public final class LocalSteps implements StepDriver {
    private final ModelTrainer trainer;
    private final TrainingData data;
    private final LearningRateSchedule schedule;
    private final double maxGradientNorm;

    public LocalSteps(ModelTrainer trainer, TrainingData data, LearningRateSchedule schedule, double maxGradientNorm) {
        this.trainer = trainer;
        this.data = data;
        this.schedule = schedule;
        this.maxGradientNorm = maxGradientNorm;
    }

    @Override
    public List<TakenStep> advance(long step, long lastStep) {
        double learningRate = schedule.at(step);
        long start = System.nanoTime();
        StepResult result = trainer.step(data.trainBatch(step), new TrainingStep(step, learningRate, maxGradientNorm));
        return List.of(new TakenStep(result, learningRate, System.nanoTime() - start));
    }

    @Override
    public void saveState(Path folder) throws IOException {
        trainer.saveState(folder);
    }
}
