package org.minigpt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.core.Parts;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.TrainOptions;

/** A DiLoCo round on {@code local[2]} against the same workers' rounds run by hand, and a worker run twice. */
class DilocoRoundTest {
    private static final int VOCAB = 20;
    private static final Config CONFIG = Config.of(Map.of("model.layers", "1", "model.d_model", "16", "model.heads", "2",
            "model.context_length", "8", "train.batch_size", "4", "train.warmup_steps", "2", "train.steps", "100"));
    private static WorkerSpec spec;
    private static LanguageModel model;

    @BeforeAll
    static void buildModel() {
        int[] tokens = new SplittableRandom(7).ints(5_000, 0, VOCAB).toArray();
        spec = new WorkerSpec("round-test", new TreeMap<>(CONFIG.asMap()), VOCAB, new WorkerTokens(tokens, null, null, tokens.length));
        model = new Parts(Plugins.discover(DilocoRoundTest.class.getClassLoader())).model(CONFIG)
                .create(CONFIG.section(Plugins.MODEL), VOCAB, 1);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void theRoundAppliesTheOuterStepToTheAverageOfTheWorkersChanges() throws Exception {
        assertOuterStep(0, 0.7, 0.7);
    }

    @Test
    void theOuterRateMovesTowardItsEndAsTheWorkersRateDecays() throws Exception {
        double decayed = schedule().decayed(99);
        assertEquals(0.99, decayed, 0.01, "the last round's rate is near the floor");
        assertOuterStep(95, 1.7, 0.7 + (1.7 - 0.7) * decayed);
    }

    /**
     * The first round, from {@code from}, its outer rate set to end at {@code outerRateEnd}: the workers' rounds
     * run by hand and the outer step at {@code rate}.
     */
    private static void assertOuterStep(int from, double outerRateEnd, double rate) throws Exception {
        float[] start = model.parameterValues();
        float[] change0;
        float[] change1;
        try (Replica replica = Replica.build(spec)) {
            change0 = replica.train(0, from, from + 5, start, null).change();
            change1 = replica.train(1, from, from + 5, start, null).change();
        }
        assertFalse(Arrays.equals(change0, change1), "the workers draw different batches");
        float[] expected = new float[start.length];
        for (int i = 0; i < start.length; i++) {
            float average = (float) (((double) change0[i] + change1[i]) / 2);
            expected[i] = start[i] - (float) rate * (average + 0.9f * average); // the first round's buffer is the gradient
        }

        try (DilocoSteps steps = steps(outerRateEnd)) {
            assertEquals(5, steps.advance(from, 100).size(), "one round of H = 5 steps");
        }
        assertArrayEquals(expected, model.parameterValues(), 1e-6f);
        model.setParameterValues(start);
    }

    @Test
    void anAverageModelIsTheWorkersAverageAndTheNextRoundStartsFromTheOuterStep(@TempDir Path dir) throws Exception {
        float[] start = model.parameterValues();
        float[] outer;
        float[] secondRound;
        try (DilocoSteps steps = steps(0.7)) {
            steps.advance(0, 100);
            outer = model.parameterValues();
            steps.advance(5, 100);
            secondRound = model.parameterValues();
        }
        model.setParameterValues(start);
        float[] average = workersAverage(start, 5);
        try (DilocoSteps steps = steps(0.7, true)) {
            steps.advance(0, 100);
            assertArrayEquals(average, model.parameterValues(), 1e-6f, "after a round the model is the workers' average");
            steps.saveState(dir);
        }
        model.setParameterValues(average);
        try (DilocoSteps resumed = steps(0.7, true)) {
            resumed.loadState(dir);
            resumed.advance(5, 100);
        }
        float[] resumedSecond = model.parameterValues();
        model.setParameterValues(start);
        try (DilocoSteps steps = steps(0.7, true)) {
            steps.advance(0, 100);
            steps.advance(5, 100);
        }
        float[] second = model.parameterValues();
        assertArrayEquals(second, resumedSecond, 0f, "a resumed run starts its next round where the saved one would");
        // Both runs' second rounds start from the outer step's point, so their changes are the same: the outer run's
        // model is the Nesterov step, from that point, of the change the average run's model shows.
        for (int i = 0; i < start.length; i++) {
            float first = start[i] - average[i];
            float change = outer[i] - second[i];
            float velocity = 0.9f * first + change;
            assertEquals(outer[i] - 0.7f * (change + 0.9f * velocity), secondRound[i], 1e-6f, "parameter " + i);
        }
        model.setParameterValues(start);
    }

    @Test
    void synchronousStepsAreRoundsOfOneStepWhoseAverageIsTheModelWithoutAnOuterStep() throws Exception {
        float[] start = model.parameterValues();
        float[] average = workersAverage(start, 1);
        try (DilocoSteps steps = steps(new DilocoOptions(2, 5, 2, 0.7, 0.7, 0.9, false))) {
            assertEquals(1, steps.advance(0, 100).size(), "a synchronous step is a round of its own");
            assertArrayEquals(average, model.parameterValues(), 1e-6f, "the model is the plain average, not the outer step");
            assertEquals(1, steps.advance(1, 100).size());
            assertEquals(5, steps.advance(2, 100).size(), "then rounds of H = 5 steps");
        }
        model.setParameterValues(start);
    }

    @Test
    void manyShortRoundsFetchTheStatesSoALostStateReplaysOnlyTheRoundsSince() throws Exception {
        float[] start = model.parameterValues();
        try (DilocoSteps steps = steps(new DilocoOptions(2, 5, 30, 0.7, 0.7, 0.9, true))) {
            for (int step = 0; step < 25; step++) {
                steps.advance(step, 100);
            }
            KeptStates.release(spec.id());
            double rebuilt = steps.advance(25, 100).get(0).measures().get(DilocoSteps.REBUILT_STEPS);
            assertEquals(2 * 5, rebuilt, "the states were fetched after 20 rounds: each worker replays the 5 since");
        }
        model.setParameterValues(start);
    }

    @Test
    void aWorkersRoundRunAgainGivesTheSameChangeBitForBit() throws Exception {
        float[] start = model.parameterValues();
        try (Replica first = Replica.build(spec); Replica second = Replica.build(spec)) {
            Replica.Steps once = first.train(1, 10, 16, start, null);
            Thread.sleep(2100); // past a zip entry's two-second clock: the saved state must not record when
            Replica.Steps again = second.train(1, 10, 16, start, null);
            assertArrayEquals(once.change(), again.change(), 0f);
            assertArrayEquals(once.losses(), again.losses(), 0);
            assertEquals(once.state().files().keySet(), again.state().files().keySet());
            once.state().files().forEach((file, bytes) -> assertArrayEquals(bytes, again.state().files().get(file), file));
        }
    }

    @Test
    void statesKeptOnTheExecutorsOrLostAndRebuiltGiveTheSameRunAndTheSameSavedStates(@TempDir Path dir) throws Exception {
        float[] start = model.parameterValues();
        float[] kept = threeRounds(start, false, dir.resolve("kept"));
        float[] rebuilt = threeRounds(start, true, dir.resolve("rebuilt"));
        assertArrayEquals(kept, rebuilt, 0f);
        for (String worker : List.of("worker-0", "worker-1")) {
            WorkerState keptState = WorkerState.read(dir.resolve("kept/diloco").resolve(worker));
            WorkerState rebuiltState = WorkerState.read(dir.resolve("rebuilt/diloco").resolve(worker));
            keptState.files().forEach((file, bytes) -> assertArrayEquals(bytes, rebuiltState.files().get(file), worker + " " + file));
        }
        model.setParameterValues(start);
    }

    /** Three rounds of H = 5 from {@code start}, the executors' states dropped before the third when {@code lose}; then saved. */
    private static float[] threeRounds(float[] start, boolean lose, Path checkpoint) throws Exception {
        model.setParameterValues(start);
        try (DilocoSteps steps = steps(0.7)) {
            steps.advance(0, 15);
            steps.advance(5, 15);
            if (lose) {
                KeptStates.release(spec.id());
            }
            double rebuilt = steps.advance(10, 15).get(0).measures().get(DilocoSteps.REBUILT_STEPS);
            assertEquals(lose ? 2 * 10 : 0, rebuilt, "each worker replays its two rounds only when its state is gone");
            steps.saveState(checkpoint);
            return model.parameterValues();
        }
    }

    /** The two workers' average after each takes the first {@code steps} steps from {@code start}, run by hand. */
    private static float[] workersAverage(float[] start, int steps) throws Exception {
        float[] average = new float[start.length];
        try (Replica replica = Replica.build(spec)) {
            float[] change0 = replica.train(0, 0, steps, start, null).change();
            float[] change1 = replica.train(1, 0, steps, start, null).change();
            for (int i = 0; i < start.length; i++) {
                average[i] = (float) (start[i] - ((double) change0[i] + change1[i]) / 2);
            }
        }
        return average;
    }

    private static LearningRateSchedule schedule() {
        return TrainOptions.from(CONFIG.section(TrainOptions.SECTION)).schedule(3e-4);
    }

    private static DilocoSteps steps(double outerRateEnd) {
        return steps(outerRateEnd, false);
    }

    /**
     * DiLoCo on {@code local[2]}: 2 workers, H = 5, outer lr 0.7 moving to {@code outerRateEnd}, momentum 0.9, the
     * model the workers' average when {@code averageModel}.
     */
    private static DilocoSteps steps(double outerRateEnd, boolean averageModel) {
        return steps(new DilocoOptions(2, 5, 0, 0.7, outerRateEnd, 0.9, averageModel));
    }

    private static DilocoSteps steps(DilocoOptions options) {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("diloco-round-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        return new DilocoSteps(new JavaSparkContext(conf), spec, options, model, schedule());
    }
}
