package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.engine=spark} on {@code local[N]} through the real CLI: one worker with the outer step
 * turned into a copy is ordinary training; two workers' run resumed from its middle repeats its curve;
 * the run is an ordinary run directory; bad settings end in one line with nothing written.
 */
class SparkTrainingTest {
    @TempDir
    static Path dir;
    private static Path slice;
    private static Path twoWorkers;

    @BeforeAll
    static void trainTwoWorkers() throws Exception {
        slice = TestData.shakespeareSlice(dir, 100_000);
        twoWorkers = dir.resolve("two-workers");
        // The engine from a config file, as a user keeps it: the launcher finds it there as on the command line.
        Path config = dir.resolve("spark.properties");
        Files.writeString(config, "# two workers on this machine\ntrain.engine = spark\nspark.master=local[2]\n");
        List<String> args = new ArrayList<>(train(twoWorkers, "diloco.inner_steps=10", "diloco.sync_steps=0", "train.steps=40",
                "spark.ui.enabled=false", "diloco.workers=2"));
        args.addAll(List.of("--config", config.toString()));
        SparkRuns.Finished run = SparkRuns.run(dir, "two-workers", args);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("engine     spark local[2]: DiLoCo, 2 workers x 10 steps a round"), run.out());
    }

    @Test
    void oneWorkerWithOuterLearningRateOneAndNoMomentumTrainsAsOneProcess() throws Exception {
        Path ordinary = dir.resolve("ordinary");
        SparkRuns.Finished plain = SparkRuns.run(dir, "ordinary", train(ordinary, "train.steps=40", "train.log_interval=1"));
        assertEquals(0, plain.exitCode(), plain.toString());
        Path diloco = dir.resolve("one-worker");
        SparkRuns.Finished one = SparkRuns.run(dir, "one-worker", diloco(diloco, "spark.master=local[1]", "diloco.workers=1",
                "diloco.outer_lr=1", "diloco.outer_momentum=0"));
        assertEquals(0, one.exitCode(), one.toString());
        Map<Long, String> expectedLoss = SparkRuns.byStep(ordinary, 3);
        Map<Long, String> expectedVal = SparkRuns.byStep(ordinary, 4);
        Map<Long, String> loss = SparkRuns.byStep(diloco, 3);
        Map<Long, String> val = SparkRuns.byStep(diloco, 4);
        assertEquals(List.of(10L, 20L, 30L, 40L), List.copyOf(loss.keySet()), "a point per round");
        for (long step : loss.keySet()) {
            double mean = 0;
            for (long each = step - 9; each <= step; each++) {
                mean += Double.parseDouble(expectedLoss.get(each)) / 10;
            }
            // metrics.csv keeps 6 digits: each of the two means is off by up to 5e-6 from its rounding
            assertEquals(mean, Double.parseDouble(loss.get(step)), 2e-5, "mean loss of the 10 steps to " + step);
            assertEquals(Double.parseDouble(expectedVal.get(step)), Double.parseDouble(val.get(step)), 1e-5, "val loss at " + step);
        }
    }

    @Test
    void twoWorkersCountBothBatchesAndLeaveARunThatGenerateAndInitFromUse() throws Exception {
        Map<Long, String> tokens = SparkRuns.byStep(twoWorkers, 2);
        assertEquals(List.of(10L, 20L, 30L, 40L), List.copyOf(tokens.keySet()), "a point per round");
        assertEquals(String.valueOf(40L * 2 * 8 * 16), tokens.get(40L), "each step trains a batch per worker");
        assertTrue(Files.isDirectory(twoWorkers.resolve("checkpoints/step-0000040/diloco/worker-1")));
        assertTrue(Files.exists(twoWorkers.resolve("checkpoints/step-0000040/diloco/outer-momentum.f32")));
        SparkRuns.Finished generated = SparkRuns.run(dir, "generate", List.of("generate", "--run", twoWorkers.toString(),
                "--prompt", "ROMEO:", "--max-tokens", "20", "--seed", "1"));
        assertEquals(0, generated.exitCode(), generated.toString());
        assertTrue(generated.out().startsWith("ROMEO:"), generated.out());
        // One process whose step sees as many windows (2 x 8) is evaluated on the same held-out batches.
        SparkRuns.Finished fineTuned = SparkRuns.run(dir, "fine-tuned", List.of("train", "--data", slice.toString(), "--run",
                dir.resolve("fine-tuned").toString(), "--init-from", twoWorkers + "@latest", "--set", "train.steps=5",
                "--set", "train.batch_size=16", "--set", "train.eval_batches=2"));
        assertEquals(0, fineTuned.exitCode(), fineTuned.toString());
        Matcher start = Pattern.compile("starting   from " + Pattern.quote(twoWorkers.toString()) + " \\(step 40\\): val ([0-9.]+)")
                .matcher(fineTuned.out());
        assertTrue(start.find(), fineTuned.out());
        assertEquals(Double.parseDouble(SparkRuns.byStep(twoWorkers, 4).get(40L)), Double.parseDouble(start.group(1)), 6e-5,
                "the two workers' last val loss, on the held-out batches of a one-process step of 16");
    }

    @Test
    void aDilocoRunFromAnotherScoresItsStartOnItsOwnHeldOutBatchesAndTakesItsSynchronousStepsOneRoundEach() throws Exception {
        Path next = dir.resolve("synchronous-start");
        SparkRuns.Finished run = SparkRuns.run(dir, "synchronous-start", List.of("train", "--data", slice.toString(), "--run",
                next.toString(), "--init-from", twoWorkers + "@latest", "--set", "train.engine=spark", "--set",
                "spark.master=local[2]", "--set", "spark.ui.enabled=false", "--set", "diloco.workers=2", "--set",
                "diloco.sync_steps=2", "--set", "diloco.inner_steps=4", "--set", "train.steps=6", "--set", "train.batch_size=8",
                "--set", "train.eval_batches=2", "--set", "train.log_interval=1"));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("2 workers x 4 steps a round after 2 steps each followed by their average"), run.out());
        Matcher start = Pattern.compile("starting   from " + Pattern.quote(twoWorkers.toString()) + " \\(step 40\\): val ([0-9.]+)")
                .matcher(run.out());
        assertTrue(start.find(), run.out());
        assertEquals(Double.parseDouble(SparkRuns.byStep(twoWorkers, 4).get(40L)), Double.parseDouble(start.group(1)), 6e-5,
                "the start is scored on the batches of 2 x 8 windows the run is evaluated on, as its origin was");
        assertEquals(List.of(1L, 2L, 6L), List.copyOf(SparkRuns.byStep(next, 2).keySet()), "two rounds of a step, then one of 4");
        Path byDefault = dir.resolve("trained-start");
        SparkRuns.Finished trained = SparkRuns.run(dir, "trained-start", List.of("train", "--data", slice.toString(), "--run",
                byDefault.toString(), "--init-from", twoWorkers + "@latest", "--set", "train.engine=spark", "--set",
                "spark.master=local[2]", "--set", "spark.ui.enabled=false", "--set", "diloco.inner_steps=2", "--set",
                "train.steps=2", "--set", "train.batch_size=8", "--set", "train.eval_batches=2"));
        assertEquals(0, trained.exitCode(), trained.toString());
        assertTrue(Files.readAllLines(byDefault.resolve("config.properties")).contains("diloco.sync_steps=0"),
                "from trained weights no step is synchronous unless asked");
    }

    @Test
    void aRunResumedFromItsMiddleRepeatsTheUninterruptedCurve() throws Exception {
        Path copy = TestData.copyTree(twoWorkers, dir.resolve("resumed"));
        try (Stream<Path> folders = Files.list(copy.resolve("checkpoints"))) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                if (!folder.getFileName().toString().equals("step-0000020")) {
                    deleteTree(folder);
                }
            }
        }
        // No flag: the launcher reads the engine from the run's own config.
        SparkRuns.Finished resumed = SparkRuns.run(dir, "resumed", List.of("train", "--resume", copy.toString()));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("(step 20)"), resumed.out());
        assertEquals(SparkRuns.column(twoWorkers, 3), SparkRuns.column(copy, 3), "the losses, step by step");
        assertEquals(SparkRuns.column(twoWorkers, 4), SparkRuns.column(copy, 4), "the val losses");
    }

    @Test
    void badSettingsEndInOneLineWithNothingWritten() throws Exception {
        Path run = dir.resolve("bad");
        SparkRuns.Finished noWorkers = SparkRuns.run(dir, "no-workers", diloco(run, "diloco.workers=0"));
        assertEquals(2, noWorkers.exitCode(), noWorkers.toString());
        assertEquals("minigpt: diloco.workers must be an integer >= 1, was 0\n", noWorkers.err());
        SparkRuns.Finished noMaster = SparkRuns.run(dir, "no-master", diloco(run, "spark.master=spark://127.0.0.1:9"));
        assertEquals(2, noMaster.exitCode(), noMaster.toString());
        assertTrue(noMaster.err().matches("minigpt: spark\\.master=spark://127\\.0\\.0\\.1:9: no Spark master answers there \\(.*\\);"
                + " start one \\(docs/spark\\.md\\) or correct the address\n"), noMaster.err());
        SparkRuns.Finished misspelt = SparkRuns.run(dir, "misspelt", diloco(run, "diloco.inner_step=5"));
        assertEquals(2, misspelt.exitCode(), misspelt.toString());
        assertTrue(misspelt.err().startsWith("minigpt: unknown config key diloco.inner_step"), misspelt.err());
        assertFalse(Files.exists(run), "nothing written");
    }

    @Test
    void aPreparedCorpusReadByTheExecutorsTrainsAsTheTextShippedWithTheJob() throws Exception {
        Path corpus = dir.resolve("corpus");
        SparkRuns.Finished prepared = SparkRuns.run(dir, "prepare", List.of("prepare", "--data", slice.toString(), "--out",
                corpus.toString()));
        assertEquals(0, prepared.exitCode(), prepared.toString());
        Path fromCorpus = dir.resolve("from-corpus");
        List<String> args = diloco(fromCorpus, "spark.master=local[2]", "diloco.workers=2");
        args.set(args.indexOf(slice.toString()), corpus.toString());
        SparkRuns.Finished run = SparkRuns.run(dir, "from-corpus", args);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(SparkRuns.column(twoWorkers, 4), SparkRuns.column(fromCorpus, 4), "the val losses, to the last digit");
    }

    @Test
    void settingsListsTheEnginesSectionsWithoutBeingAskedByName() throws Exception {
        SparkRuns.Finished all = SparkRuns.run(dir, "settings-all", List.of("settings"));
        assertEquals(0, all.exitCode(), all.toString());
        assertTrue(all.out().contains("diloco.  (train.engine=spark)"), all.out());
        assertTrue(all.out().contains("diloco.workers"), all.out());
        assertTrue(all.out().contains("spark.master"), all.out());
    }

    @Test
    void theSparkPageListsTheEnginesSettingsAsTheyAreDescribed() throws Exception {
        SparkRuns.Finished listed = SparkRuns.run(dir, "settings", List.of("settings", "diloco", "--markdown"));
        assertEquals(0, listed.exitCode(), listed.toString());
        String page = Files.readString(TestData.projectRoot().resolve("docs/spark.md"));
        String begin = "<!-- settings: bin/minigpt settings diloco --markdown -->\n";
        String table = page.substring(page.indexOf(begin) + begin.length(), page.indexOf("<!-- /settings -->"));
        assertEquals(listed.out(), table, "docs/spark.md's table differs: paste bin/minigpt settings diloco --markdown there");
    }

    /** {@code train} of the slice into {@code run}: the small model, with {@code settings}. */
    private static List<String> train(Path run, String... settings) {
        List<String> args = new ArrayList<>(List.of("train", "--data", slice.toString(), "--run", run.toString()));
        args.addAll(SparkRuns.SMALL);
        for (String setting : settings) {
            args.addAll(List.of("--set", setting));
        }
        return args;
    }

    /** As {@link #train}, on the spark engine, 40 steps in rounds of 10 from the first. */
    private static List<String> diloco(Path run, String... settings) {
        List<String> all = new ArrayList<>(List.of("train.engine=spark", "diloco.inner_steps=10", "diloco.sync_steps=0", "train.steps=40",
                "spark.ui.enabled=false"));
        all.addAll(List.of(settings));
        return train(run, all.toArray(String[]::new));
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : new ArrayList<>(paths.sorted(java.util.Comparator.reverseOrder()).toList())) {
                Files.delete(path);
            }
        }
    }
}
