package org.minigpt.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Batch;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizer;
import org.minigpt.samediff.optimizers.sgd.SgdOptimizer;
import org.minigpt.samediff.train.SameDiffTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A step taken in micro-batches one after another is the whole batch's step: its loss, gradients and update. */
class MicroBatchTest {
    private static final int IGNORED = Batch.IGNORED;
    private static final GptOptions OPTIONS = new GptOptions(2, 2, 8, 4, 0);
    private static final int VOCAB = 5;

    @Test
    void aMaskedBatchWhoseRowsScoreUnequallyGivesTheWholeBatchsGradientsInEverySplit() {
        Batch batch = new Batch(4, 4, new int[] {1, 2, 3, 4, 4, 4, 1, 0, 2, 2, 3, 1, 0, 1, 2, 3},
                new int[] {2, IGNORED, IGNORED, IGNORED, 1, 0, 3, 2, IGNORED, IGNORED, 4, 4, 1, 2, 3, IGNORED});
        assertEverySplitGivesTheWholeBatchs(batch);
    }

    @Test
    void aChatBatchScoringOnlyTheAnswersWithARowOfPromptOnlyGivesTheWholeBatchsGradients() {
        // As instruction tuning builds them: the prompt's targets left out, the answer's scored, a window of prompt only.
        Batch batch = new Batch(3, 4, new int[] {1, 2, 3, 4, 1, 1, 2, 0, 3, 3, 3, 3},
                new int[] {IGNORED, IGNORED, 4, 0, IGNORED, IGNORED, IGNORED, IGNORED, IGNORED, 1, 2, 0});
        assertEverySplitGivesTheWholeBatchs(batch);
    }

    @Test
    void aBatchWithRealValuedWeightsAsAPolicyGradientStepMakesGivesTheWholeBatchsGradients() {
        Batch batch = new Batch(4, 4, new int[] {1, 2, 3, 4, 4, 4, 1, 0, 2, 2, 3, 1, 0, 1, 2, 3},
                new int[] {IGNORED, 3, 4, 0, IGNORED, IGNORED, 1, 1, IGNORED, 2, 2, 2, IGNORED, 4, 4, 4},
                new float[] {0, 0.5f, 0.5f, 0.5f, 0, 0, -1.25f, -1.25f, 0, 0, 0, 0, 0, 0.75f, 0.75f, 0.75f});
        assertEverySplitGivesTheWholeBatchs(batch);
    }

    @Test
    void stepsWithDropoutOnInTwoOrFourMicroBatchesGiveTheWholeBatchsLossesAndWeights() {
        GptOptions dropout = new GptOptions(2, 2, 16, 8, 0.2);
        AdamWOptimizer adamw = new AdamWOptimizer(3e-3, 0.1, 0.9, 0.95, 1e-8);
        List<Batch> batches = LossFixtures.learnableBatches(4, 13, VOCAB);
        GptModel whole = GptModelFactory.create(dropout, VOCAB, 3, DataType.FLOAT);
        List<Double> losses = LossFixtures.losses(whole.trainer(adamw, 9, 1, 1, false), batches);
        for (int[] split : new int[][] {{1, 2}, {2, 2}, {1, 4}, {2, 3}}) { // {threads, micro-batches}; 4 rows in 3: 2, 1, 1
            GptModel model = GptModelFactory.create(dropout, VOCAB, 3, DataType.FLOAT);
            List<Double> splitLosses = LossFixtures.losses(model.trainer(adamw, 9, split[0], split[1], false), batches);
            String label = split[0] + " threads, " + split[1] + " micro-batches";
            for (int step = 0; step < losses.size(); step++) {
                assertEquals(losses.get(step), splitLosses.get(step), 1e-5, label + ", step " + step);
            }
            for (String name : whole.graph().parameters()) {
                // Absolute: AdamW turns a gradient that is float noise around 0 (a key's bias) into a full-size step.
                double difference = whole.graph().parameter(name).sub(model.graph().parameter(name)).amaxNumber().doubleValue();
                assertTrue(difference < 1e-5, label + ": " + name + " differs by " + difference);
            }
            model.close();
        }
        assertTrue(losses.get(3) < losses.get(0), "the loss should fall: " + losses);
        whole.close();
    }

    private static void assertEverySplitGivesTheWholeBatchs(Batch batch) {
        SameDiffTrainer.Gradients whole = gradients(batch, 1, 1);
        for (int threads = 1; threads <= 2; threads++) {
            for (int micro = 1; micro <= batch.size(); micro++) {
                SameDiffTrainer.Gradients split = gradients(batch, threads, micro);
                String label = threads + " threads, " + micro + " micro-batches";
                assertEquals(whole.loss(), split.loss(), 1e-5 * Math.abs(whole.loss()), label);
                whole.gradients().forEach((name, gradient) -> assertTrue(
                        relativeDifference(gradient, split.gradients().get(name)) < 1e-5, label + ": " + name));
            }
        }
    }

    private static SameDiffTrainer.Gradients gradients(Batch batch, int threads, int microBatches) {
        try (GptModel model = GptModelFactory.create(OPTIONS, VOCAB, 3, DataType.DOUBLE)) {
            SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.1, 0), 1, threads, microBatches, false);
            SameDiffTrainer.Gradients result = trainer.lossAndGradients(batch, 0, false);
            Map<String, INDArray> copy = LossFixtures.copy(result.gradients());
            return new SameDiffTrainer.Gradients(result.loss(), copy);
        }
    }

    /** The largest difference over the largest magnitude of {@code expected}. */
    private static double relativeDifference(INDArray expected, INDArray actual) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-12);
        return expected.sub(actual).amaxNumber().doubleValue() / scale;
    }
}
