package org.minigpt.samediff.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.optimizer.ParameterInfo;
import org.minigpt.api.optimizer.ParameterUpdater;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizer;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizerFactory;
import org.minigpt.samediff.optimizers.sgd.SgdOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each optimizer's update against its formula, worked by hand. */
class OptimizerUpdateTest {
    private static final ParameterInfo MATRIX = new ParameterInfo("w", new long[] {2, 2});
    private static final ParameterInfo VECTOR = new ParameterInfo("b", new long[] {2});

    @Test
    void adamWsFirstStepIsDecayThenLrTimesTheGradientsSign() {
        // Step 1: m/(1-b1) = g and v/(1-b2) = g^2, so Adam moves by lr * g / |g|; decay first scales by 1 - lr * wd.
        ParameterUpdater<INDArray> updater = new AdamWOptimizer(0.1, 0.1, 0.9, 0.99, 1e-8).updaterFor(MATRIX, INDArray.class);
        INDArray value = Nd4j.ones(2, 2);
        updater.update(value, Nd4j.createFromArray(new float[][] {{0.5f, -1f}, {2f, 0f}}), 0.1, 0);
        assertArrayEquals(new float[] {0.89f, 1.09f, 0.89f, 0.99f}, value.reshape(4).toFloatVector(), 1e-5f);
        assertEquals(8, updater.state().orElseThrow().length(), "two moments per weight");
    }

    @Test
    void adamWsSecondStepFollowsTheBiasCorrectedMoments() {
        ParameterUpdater<INDArray> updater = new AdamWOptimizer(0.01, 0, 0.9, 0.99, 1e-8).updaterFor(VECTOR, INDArray.class);
        INDArray value = Nd4j.createFromArray(1f, 1f);
        updater.update(value, Nd4j.createFromArray(1f, 1f), 0.01, 0);
        updater.update(value, Nd4j.createFromArray(3f, -1f), 0.01, 1);
        double[] expected = new double[2];
        double[][] gradients = {{1, 3}, {1, -1}};
        for (int i = 0; i < 2; i++) {
            double m = 0;
            double v = 0;
            double x = 1;
            for (int t = 1; t <= 2; t++) {
                double g = gradients[i][t - 1];
                m = 0.9 * m + 0.1 * g;
                v = 0.99 * v + 0.01 * g * g;
                x -= 0.01 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.99, t))) + 1e-8);
            }
            expected[i] = x;
        }
        assertEquals(expected[0], value.getDouble(0), 1e-6);
        assertEquals(expected[1], value.getDouble(1), 1e-6);
    }

    @Test
    void weightDecayLeavesBiasesAndNormGainsAlone() {
        ParameterUpdater<INDArray> updater = new AdamWOptimizer(0.1, 0.5, 0.9, 0.99, 1e-8).updaterFor(VECTOR, INDArray.class);
        INDArray value = Nd4j.createFromArray(1f, 1f);
        updater.update(value, Nd4j.createFromArray(0f, 0f), 0.1, 0);
        assertArrayEquals(new float[] {1f, 1f}, value.toFloatVector(), 0f);
    }

    @Test
    void sgdMovesAgainstTheGradientAndKeepsNoState() {
        ParameterUpdater<INDArray> updater = new SgdOptimizer(0.5, 0).updaterFor(MATRIX, INDArray.class);
        INDArray value = Nd4j.ones(2, 2);
        updater.update(value, Nd4j.createFromArray(new float[][] {{1f, -2f}, {0f, 4f}}), 0.5, 0);
        assertArrayEquals(new float[] {0.5f, 2f, 1f, -1f}, value.reshape(4).toFloatVector(), 1e-6f);
        assertTrue(updater.state().isEmpty());
    }

    @Test
    void adamWDefaultsAreTheMeasuredRecipe() {
        AdamWOptimizer defaults = (AdamWOptimizer) new AdamWOptimizerFactory().create(new PluginConfig("optimizer", Map.of()));
        assertEquals(new AdamWOptimizer(3e-3, 0.1, 0.9, 0.99, 1e-8), defaults);
    }
}
