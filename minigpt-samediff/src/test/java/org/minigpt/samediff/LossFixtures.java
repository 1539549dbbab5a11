package org.minigpt.samediff;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minigpt.api.model.Batch;
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
