package org.minigpt.samediff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Map;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.optimizers.sgd.SgdOptimizer;
import org.minigpt.samediff.train.SameDiffTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the loss tests compute by hand or compare: a fresh double-precision model's gradients, and log-sum-exp. */
final class LossFixtures {
    private LossFixtures() {
    }

    /** The loss and a copy of every gradient of a fresh model (seed 3, vocabulary 5) on {@code batch}, split over {@code threads}. */
    static SameDiffTrainer.Gradients gradients(GptOptions options, Batch batch, int threads) {
        GptModel model = GptModelFactory.create(options, 5, 3, DataType.DOUBLE);
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.1, 0), 1, threads);
        SameDiffTrainer.Gradients result = trainer.lossAndGradients(batch, 0, false);
        return new SameDiffTrainer.Gradients(result.loss(), copy(result.gradients()));
    }

    /** {@code count} batches of 4 windows of 8 random tokens, each target the next id: a pattern a model can learn. */
    static List<Batch> learnableBatches(int count, long seed, int vocab) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] inputs = random.ints(4 * 8, 0, vocab).toArray();
            int[] targets = Arrays.stream(inputs).map(token -> (token + 1) % vocab).toArray();
            batches.add(new Batch(4, 8, inputs, targets));
        }
        return batches;
    }

    /** Each batch's loss as {@code trainer} takes a step on it (step i at lr 3e-3, clipped at 1). */
    static List<Double> losses(ModelTrainer trainer, List<Batch> batches) {
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < batches.size(); step++) {
            losses.add(trainer.step(batches.get(step), new TrainingStep(step, 3e-3, 1.0)).loss());
        }
        return losses;
    }

    static Map<String, INDArray> copy(Map<String, INDArray> gradients) {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        gradients.forEach((name, gradient) -> copy.put(name, gradient.dup()));
        return copy;
    }

    static double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        return max + Math.log(sum);
    }
}
