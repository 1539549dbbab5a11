package org.minigpt.samediff;

import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.train.SameDiffTrainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Batch;
import org.minigpt.samediff.optimizers.sgd.SgdOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central differences against SameDiff's gradients, in double precision, for every parameter of a
 * tiny model. Catches the ops whose M2.1 gradients are wrong (repeated-index gather, sparse
 * cross-entropy) should the graph ever use them.
 */
class GptGradientCheckTest {
    private static final double EPSILON = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-5;
    private static final double ABSOLUTE_TOLERANCE = 1e-8;

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        // Repeated tokens within and across windows: the case gather gets wrong.
        checkEveryGradient(new Batch(2, 4, new int[] {1, 1, 3, 1, 0, 4, 4, 2}, new int[] {1, 3, 1, 0, 4, 4, 2, 2}));
    }

    @Test
    void everyParameterGradientOfTheMaskedLossMatchesFiniteDifferences() {
        int ignored = Batch.IGNORED;
        checkEveryGradient(new Batch(2, 4, new int[] {1, 1, 3, 1, 0, 4, 4, 2},
                new int[] {ignored, 3, ignored, 0, ignored, ignored, 2, ignored}));
    }

    @Test
    void everyParameterGradientWithTheTanhGeluMatchesFiniteDifferences() {
        checkEveryGradient(new Batch(2, 4, new int[] {1, 2, 3, 4, 0, 1, 2, 3}, new int[] {2, 3, 4, 0, 1, 2, 3, 4}),
                new GptOptions(2, 2, 8, 4, 0.1, GptOptions.Gelu.TANH));
    }

    private static void checkEveryGradient(Batch batch) {
        checkEveryGradient(batch, new GptOptions(2, 2, 8, 4, 0.1));
    }

    private static void checkEveryGradient(Batch batch, GptOptions options) {
        GptModel model = GptModelFactory.create(options, 5, 7, DataType.DOUBLE);
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.1, 0), 1, 1);
        Map<String, INDArray> analytic = new HashMap<>(trainer.lossAndGradients(batch, 0, false).gradients());

        int checked = 0;
        double worst = 0;
        for (String name : model.graph().parameters()) {
            INDArray value = model.graph().parameter(name);
            INDArray gradient = analytic.get(name).dup();
            assertEquals(value.length(), gradient.length(), name);
            for (long i = 0; i < value.length(); i++) {
                double original = value.getDouble(i);
                value.putScalar(i, original + EPSILON);
                double plus = model.loss(batch);
                value.putScalar(i, original - EPSILON);
                double minus = model.loss(batch);
                value.putScalar(i, original);
                double numeric = (plus - minus) / (2 * EPSILON);
                double exact = gradient.getDouble(i);
                double error = Math.abs(numeric - exact);
                if (error > ABSOLUTE_TOLERANCE) {
                    double relative = error / Math.max(Math.abs(numeric), Math.abs(exact));
                    worst = Math.max(worst, relative);
                    assertTrue(relative < MAX_RELATIVE_ERROR,
                            name + "[" + i + "]: analytic " + exact + " vs numeric " + numeric);
                }
                checked++;
            }
        }
        assertEquals(model.parameterTotal(), checked);
        assertTrue(worst < MAX_RELATIVE_ERROR, "worst relative error " + worst);
    }

    @Test
    void tokenEmbeddingGradientAccumulatesRepeatedTokens() {
        GptOptions options = new GptOptions(1, 1, 4, 3, 0);
        GptModel model = GptModelFactory.create(options, 3, 3, DataType.DOUBLE);
        Batch batch = new Batch(1, 3, new int[] {2, 2, 2}, new int[] {0, 1, 0});
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.1, 0), 1, 1);
        INDArray wte = trainer.lossAndGradients(batch, 0, false).gradients().get("wte");
        // Only token 2 is used: its row gets gradient, rows 0 and 1 get none.
        assertEquals(0.0, wte.getRow(0).norm2Number().doubleValue(), 0.0);
        assertEquals(0.0, wte.getRow(1).norm2Number().doubleValue(), 0.0);
        assertTrue(wte.getRow(2).norm2Number().doubleValue() > 0);
    }

    @Test
    void dropoutMasksChangeTheTrainingLossButNotTheEvaluationLoss() {
        GptOptions options = new GptOptions(1, 2, 8, 4, 0.5);
        GptModel model = GptModelFactory.create(options, 5, 11, DataType.DOUBLE);
        Batch batch = new Batch(2, 4, new int[] {1, 2, 3, 4, 0, 1, 2, 3}, new int[] {2, 3, 4, 0, 1, 2, 3, 4});
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.1, 0), 1, 1);
        double eval = trainer.lossAndGradients(batch, 0, false).loss();
        double train = trainer.lossAndGradients(batch, 0, true).loss();
        assertEquals(eval, model.loss(batch), 1e-12);
        assertTrue(Math.abs(train - eval) > 1e-9, "dropout had no effect on the training loss");
    }
}
