package org.minigpt.samediff;

import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.train.SameDiffTrainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.samediff.runtime.ReusingSessions;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SameDiffTrainerTest {
    private static final GptOptions OPTIONS = new GptOptions(2, 2, 16, 8, 0.2);
    private static final int VOCAB = 7;
    private static final AdamWOptimizer ADAMW = new AdamWOptimizer(3e-3, 0.1, 0.9, 0.95, 1e-8);

    @Test
    void clippingScalesTheGlobalNormDownToTheLimitAndKeepsTheDirection() {
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        gradients.put("a", Nd4j.createFromArray(3.0f, 0f));
        gradients.put("b", Nd4j.createFromArray(new float[][] {{0f, 4f}}));
        assertEquals(5.0, SameDiffTrainer.clip(gradients, 1.0), 1e-6);
        assertEquals(0.6, gradients.get("a").getDouble(0), 1e-5);
        assertEquals(0.8, gradients.get("b").getDouble(0, 1), 1e-5);

        assertEquals(1.0, SameDiffTrainer.clip(gradients, 2.0), 1e-5);
        assertEquals(0.6, gradients.get("a").getDouble(0), 1e-5); // under the limit: unchanged
    }

    @Test
    void aClippedStepReportsTheNormBeforeClippingAndMovesLessThanAnUnclippedOne() {
        Batch batch = batches(1, 3).get(0);
        GptModel clipped = GptModelFactory.create(OPTIONS, VOCAB, 5, DataType.FLOAT);
        GptModel free = GptModelFactory.create(OPTIONS, VOCAB, 5, DataType.FLOAT);
        INDArray before = clipped.graph().parameter("wte").dup();
        var sgd = new org.minigpt.samediff.optimizers.sgd.SgdOptimizer(1.0, 0);
        double norm = clipped.trainer(sgd, 1, 1).step(batch, new TrainingStep(0, 1.0, 1e-3)).gradientNorm();
        double sameNorm = free.trainer(sgd, 1, 1).step(batch, new TrainingStep(0, 1.0, Double.POSITIVE_INFINITY)).gradientNorm();
        assertEquals(sameNorm, norm, 1e-6);
        assertTrue(norm > 1e-3, "the gradient norm " + norm + " should exceed the limit for this test");
        double clippedMove = clipped.graph().parameter("wte").sub(before).norm2Number().doubleValue();
        double freeMove = free.graph().parameter("wte").sub(before).norm2Number().doubleValue();
        assertTrue(clippedMove <= 1e-3 + 1e-6, "a clipped SGD step moved wte by " + clippedMove);
        assertTrue(freeMove > clippedMove * 10, "unclipped " + freeMove + " vs clipped " + clippedMove);
    }

    @Test
    void aTrainerRestoredFromSavedStateContinuesExactlyWithDropoutOn(@TempDir Path dir) throws Exception {
        List<Batch> batches = batches(6, 11);
        GptModel straight = GptModelFactory.create(OPTIONS, VOCAB, 9, DataType.FLOAT);
        ModelTrainer trainer = straight.trainer(ADAMW, 9, 1);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            if (step == 3) {
                straight.save(dir);
                trainer.saveState(dir);
            }
            losses.add(trainer.step(batches.get(step), new TrainingStep(step, 3e-3, 1.0)).loss());
        }

        GptModel resumed = (GptModel) new GptModelFactory().load(dir, config(), VOCAB);
        ModelTrainer resumedTrainer = resumed.trainer(ADAMW, 9, 1);
        resumedTrainer.loadState(dir);
        for (int step = 3; step < 6; step++) {
            double loss = resumedTrainer.step(batches.get(step), new TrainingStep(step, 3e-3, 1.0)).loss();
            assertEquals(losses.get(step), loss, 1e-6, "step " + step);
        }
        assertTrue(losses.get(5) < losses.get(0), "the loss should fall: " + losses);
    }

    @Test
    void aMissingOrCorruptStateFileIsOneClearError(@TempDir Path dir) throws Exception {
        ModelTrainer trainer = GptModelFactory.create(OPTIONS, VOCAB, 9, DataType.FLOAT).trainer(ADAMW, 9, 1);
        MinigptException missing = assertThrows(MinigptException.class, () -> trainer.loadState(dir));
        assertTrue(missing.getMessage().contains(SameDiffTrainer.STATE_FILE), missing.getMessage());
        Files.write(dir.resolve(SameDiffTrainer.STATE_FILE), new byte[] {80, 75, 3, 4, 1});
        MinigptException corrupt = assertThrows(MinigptException.class, () -> trainer.loadState(dir));
        assertTrue(corrupt.getMessage().contains("corrupt"), corrupt.getMessage());
    }

    private static org.minigpt.api.config.PluginConfig config() {
        return new org.minigpt.api.config.PluginConfig("model", Map.of("layers", "2", "heads", "2", "d_model", "16",
                "context_length", "8", "dropout", "0.2"));
    }

    @Test
    void stepsAfterTheFirstComputeIntoTheArraysOfTheStepBeforeAndKeepTheirResults() {
        List<Batch> batches = batches(16, 9);
        GptModel reusing = GptModelFactory.create(OPTIONS, VOCAB, 5, DataType.FLOAT);
        ModelTrainer trainer = reusing.trainer(ADAMW, 1, 1);
        List<Double> losses = new ArrayList<>();
        List<Long> created = new ArrayList<>();
        List<Long> held = new ArrayList<>();
        for (int step = 0; step < batches.size(); step++) {
            losses.add(trainer.step(batches.get(step), new TrainingStep(step, 3e-3, 1.0)).loss());
            created.add(ReusingSessions.arraysCreated(reusing.graph().gradientGraph()));
            held.add(ReusingSessions.arraysHeld(reusing.graph().gradientGraph()));
        }
        assertTrue(created.get(0) > 50, "the first step's arrays: " + created);
        // Without reuse each step would make as many again as the first. Arrays released within a step come back
        // in an order that varies a little, so the pools settle a fifth or so above the first step's and stay.
        for (int step = 1; step < created.size(); step++) {
            assertTrue(created.get(step) - created.get(step - 1) < created.get(0) / 10, "arrays created after each step: " + created);
        }
        assertTrue(held.stream().allMatch(count -> count <= held.get(0) * 1.3), "arrays held after each step: " + held);

        // The same steps on a fresh model give the same losses: reused arrays carry nothing over.
        GptModel fresh = GptModelFactory.create(OPTIONS, VOCAB, 5, DataType.FLOAT);
        ModelTrainer again = fresh.trainer(ADAMW, 1, 1);
        for (int step = 0; step < batches.size(); step++) {
            assertEquals(losses.get(step), again.step(batches.get(step), new TrainingStep(step, 3e-3, 1.0)).loss(), 1e-6);
        }
    }

    @Test
    void stepsSplitOverTwoOrThreeShardsGiveTheLossesAndWeightsOfTheWholeBatchWithDropoutOn() {
        List<Batch> batches = batches(4, 13);
        GptModel whole = GptModelFactory.create(OPTIONS, VOCAB, 3, DataType.FLOAT);
        List<Double> losses = train(whole, 1, batches);
        for (int threads : new int[] {2, 3}) { // 3: rows 2, 1, 1
            GptModel split = GptModelFactory.create(OPTIONS, VOCAB, 3, DataType.FLOAT);
            List<Double> splitLosses = train(split, threads, batches);
            for (int step = 0; step < losses.size(); step++) {
                assertEquals(losses.get(step), splitLosses.get(step), 1e-5, threads + " shards, step " + step);
            }
            for (String name : whole.graph().parameters()) {
                double difference = whole.graph().parameter(name).sub(split.graph().parameter(name)).amaxNumber().doubleValue();
                assertTrue(difference < 1e-5, threads + " shards: " + name + " differs by " + difference);
            }
            // Evaluation splits as the trainer does, and weighs each part by its rows.
            assertEquals(whole.loss(batches.get(0)), split.loss(batches.get(0)), 1e-5, threads + " shards, evaluation");
            split.close();
        }
        assertTrue(losses.get(3) < losses.get(0), "the loss should fall: " + losses);
        whole.close();
    }

    private static List<Double> train(GptModel model, int threads, List<Batch> batches) {
        return LossFixtures.losses(model.trainer(ADAMW, 9, threads), batches);
    }

    private static List<Batch> batches(int count, long seed) {
        return LossFixtures.learnableBatches(count, seed, VOCAB);
    }
}
