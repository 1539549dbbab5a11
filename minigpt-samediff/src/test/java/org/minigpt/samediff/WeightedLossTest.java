package org.minigpt.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.optimizers.sgd.SgdOptimizer;
import org.minigpt.samediff.train.SameDiffTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The policy-gradient loss: cross-entropy weighted per target by a real advantage, summed over the scored targets. */
class WeightedLossTest {
    private static final int IGNORED = Batch.IGNORED;
    private static final GptOptions OPTIONS = new GptOptions(2, 2, 8, 4, 0);
    private static final int[] INPUTS = {1, 2, 3, 4, 4, 0, 2, 1};
    private static final int[] TARGETS = {IGNORED, 3, 4, 0, IGNORED, IGNORED, 1, 3};
    private static final float[] ADVANTAGES = {0, 0.75f, 0.75f, 0.75f, 0, 0, -1.25f, -1.25f};

    @Test
    void theLossIsTheAdvantageWeightedCrossEntropyOverTheScoredTargetsComputedByHand() {
        GptModel model = GptModelFactory.create(OPTIONS, 5, 3, DataType.DOUBLE);
        double expected = 0;
        for (int i = 0; i < TARGETS.length; i++) {
            if (TARGETS[i] != IGNORED) {
                int row = i / 4;
                float[] logits = model.graphLogits(Arrays.copyOfRange(INPUTS, row * 4, i + 1));
                expected += ADVANTAGES[i] * (LossFixtures.logSumExp(logits) - logits[TARGETS[i]]);
            }
        }
        expected /= 5; // five scored targets, whatever their weights
        assertEquals(expected, model.loss(new Batch(2, 4, INPUTS, TARGETS, ADVANTAGES)), 1e-6);
    }

    @Test
    void anSgdStepMovesEachWeightByTheAdvantageWeightedSumOfEachTargetsGradient() {
        GptModel model = GptModelFactory.create(OPTIONS, 5, 3, DataType.DOUBLE);
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.5, 0), 1, 1);
        Map<String, double[]> expected = new LinkedHashMap<>();
        for (String name : model.graph().parameters()) {
            expected.put(name, model.graph().parameter(name).dup().data().asDouble());
        }
        // By hand: the gradient of each scored target's cross-entropy alone, weighted by its advantage, over 5 targets.
        for (int i = 0; i < TARGETS.length; i++) {
            if (TARGETS[i] == IGNORED) {
                continue;
            }
            int[] one = new int[TARGETS.length];
            Arrays.fill(one, IGNORED);
            one[i] = TARGETS[i];
            Map<String, INDArray> gradients = trainer.lossAndGradients(new Batch(2, 4, INPUTS, one), 0, false).gradients();
            for (Map.Entry<String, double[]> entry : expected.entrySet()) {
                double[] gradient = gradients.get(entry.getKey()).dup().data().asDouble();
                for (int j = 0; j < gradient.length; j++) {
                    entry.getValue()[j] -= 0.5 * ADVANTAGES[i] * gradient[j] / 5;
                }
            }
        }
        trainer.step(new Batch(2, 4, INPUTS, TARGETS, ADVANTAGES), new TrainingStep(0, 0.5, Double.POSITIVE_INFINITY));
        expected.forEach((name, weights) -> assertArrayEquals(weights, model.graph().parameter(name).dup().data().asDouble(), 1e-9, name));
    }

    @Test
    void zeroAdvantagesChangeNoWeight() {
        GptModel model = GptModelFactory.create(OPTIONS, 5, 3, DataType.DOUBLE);
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.5, 0), 1, 2);
        Map<String, double[]> before = new LinkedHashMap<>();
        for (String name : model.graph().parameters()) {
            before.put(name, model.graph().parameter(name).dup().data().asDouble());
        }
        var result = trainer.step(new Batch(2, 4, INPUTS, TARGETS, new float[TARGETS.length]),
                new TrainingStep(0, 0.5, Double.POSITIVE_INFINITY));
        assertEquals(0, result.loss());
        before.forEach((name, weights) -> assertArrayEquals(weights, model.graph().parameter(name).dup().data().asDouble(), 0, name));
    }

    @Test
    void twoShardsGiveOneShardsWeightedLossAndGradients() {
        Batch batch = new Batch(2, 4, INPUTS, TARGETS, ADVANTAGES);
        SameDiffTrainer.Gradients one = LossFixtures.gradients(OPTIONS, batch, 1);
        SameDiffTrainer.Gradients two = LossFixtures.gradients(OPTIONS, batch, 2);
        assertEquals(one.loss(), two.loss(), 1e-10);
        one.gradients().forEach((name, gradient) -> assertArrayEquals(gradient.data().asDouble(),
                two.gradients().get(name).dup().data().asDouble(), 1e-10, name));
    }
}
