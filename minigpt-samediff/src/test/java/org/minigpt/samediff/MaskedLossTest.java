package org.minigpt.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.Batch;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.optimizers.sgd.SgdOptimizer;
import org.minigpt.samediff.train.SameDiffTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MaskedLossTest {
    private static final int IGNORED = Batch.IGNORED;
    private static final GptOptions OPTIONS = new GptOptions(2, 2, 8, 4, 0);

    @Test
    void theMaskedLossIsTheMeanCrossEntropyOfTheScoredTargetsComputedByHand() {
        GptModel model = GptModelFactory.create(OPTIONS, 5, 3, DataType.DOUBLE);
        int[] inputs = {1, 2, 3, 4};
        int[] targets = {IGNORED, 3, IGNORED, 0};
        double expected = 0;
        // Position p's logits come from the window's first p + 1 tokens (the causal mask).
        for (int p : new int[] {1, 3}) {
            float[] logits = model.graphLogits(Arrays.copyOf(inputs, p + 1));
            expected += LossFixtures.logSumExp(logits) - logits[targets[p]];
        }
        expected /= 2;
        assertEquals(expected, model.loss(new Batch(1, 4, inputs, targets)), 1e-5);
    }

    @Test
    void anAllIgnoredWindowAddsNothingToTheLossOrTheGradients() {
        GptModel model = GptModelFactory.create(OPTIONS, 5, 3, DataType.DOUBLE);
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.1, 0), 1, 1);
        Batch alone = new Batch(1, 4, new int[] {1, 2, 3, 4}, new int[] {2, IGNORED, 4, 0});
        Batch withIgnoredRow = new Batch(2, 4, new int[] {1, 2, 3, 4, 4, 4, 1, 0},
                new int[] {2, IGNORED, 4, 0, IGNORED, IGNORED, IGNORED, IGNORED});
        SameDiffTrainer.Gradients one = trainer.lossAndGradients(alone, 0, false);
        Map<String, INDArray> expected = LossFixtures.copy(one.gradients());
        SameDiffTrainer.Gradients two = trainer.lossAndGradients(withIgnoredRow, 0, false);
        assertEquals(one.loss(), two.loss(), 1e-12);
        expected.forEach((name, gradient) -> assertArrayEquals(gradient.data().asDouble(),
                two.gradients().get(name).dup().data().asDouble(), 1e-12, name));
        assertEquals(model.loss(alone), model.loss(withIgnoredRow), 1e-12);
    }

    @Test
    void aBatchThatScoresNothingHasLossAndGradientsZero() {
        GptModel model = GptModelFactory.create(OPTIONS, 5, 3, DataType.DOUBLE);
        SameDiffTrainer trainer = (SameDiffTrainer) model.trainer(new SgdOptimizer(0.1, 0), 1, 2);
        Batch nothing = new Batch(2, 4, new int[] {1, 2, 3, 4, 4, 4, 1, 0}, new int[8]);
        Arrays.fill(nothing.targets(), IGNORED);
        SameDiffTrainer.Gradients result = trainer.lossAndGradients(nothing, 0, false);
        assertEquals(0, result.loss());
        result.gradients().values().forEach(gradient -> assertEquals(0, gradient.norm2Number().doubleValue()));
        assertEquals(0, model.loss(nothing));
    }

    @Test
    void twoShardsGiveOneShardsMaskedLossAndGradientsWhenTheirRowsScoreUnequally() {
        Batch batch = new Batch(2, 4, new int[] {1, 2, 3, 4, 4, 4, 1, 0},
                new int[] {2, IGNORED, IGNORED, IGNORED, 1, 0, 3, 2});
        SameDiffTrainer.Gradients one = LossFixtures.gradients(OPTIONS, batch, 1);
        SameDiffTrainer.Gradients two = LossFixtures.gradients(OPTIONS, batch, 2);
        assertEquals(one.loss(), two.loss(), 1e-10);
        one.gradients().forEach((name, gradient) -> assertArrayEquals(gradient.data().asDouble(),
                two.gradients().get(name).dup().data().asDouble(), 1e-10, name));
    }

    @Test
    void aModelGivenMoreTokensKeepsTheLogitsOfTheSavedOnes(@TempDir Path run) throws Exception {
        PluginConfig config = new PluginConfig("model", Map.of("layers", "2", "heads", "2", "d_model", "8",
                "context_length", "4", "dropout", "0"));
        GptModelFactory factory = new GptModelFactory();
        try (var saved = factory.create(config, 5, 9)) {
            saved.save(run);
            try (var grown = factory.loadWithMoreTokens(run, config, 5, 8)) {
                assertEquals(8, grown.vocabSize());
                float[] before = saved.decoder().logitsAfter(new int[] {1, 4, 2});
                float[] after = grown.decoder().logitsAfter(new int[] {1, 4, 2});
                assertArrayEquals(before, Arrays.copyOf(after, 5), 1e-6f);
                float mean = 0;
                for (float logit : before) {
                    mean += logit / before.length;
                }
                assertEquals(mean, after[6], 1e-5f); // a new token's head column is the saved columns' mean
            }
        }
    }
}
