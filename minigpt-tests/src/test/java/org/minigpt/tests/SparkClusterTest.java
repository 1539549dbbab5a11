package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.engine=spark} on {@code local-cluster[2,1,1024]}: a master, a worker and two executors, each
 * executor a JVM of its own. Killing one executor with {@code kill -9} in the middle of a round costs a
 * re-run of its task, which rebuilds the optimizer state the executor kept, never the curve: the losses equal
 * the fault-free run's.
 */
class SparkClusterTest {
    private static final String ROUND_DONE = "step 12/36";
    @TempDir
    Path dir;

    @Test
    void anExecutorKilledMidRoundHasItsTaskRunAgainAndTheCurveIsTheFaultFreeOne() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 200_000);
        // One checkpoint and one evaluation, at the end: between rounds the states live on the executors alone.
        String[] keptToTheEnd = {"train.checkpoint_interval=36", "train.eval_interval=36"};
        SparkRuns.Finished faultFree = SparkRuns.run(dir, "fault-free", train(slice, dir.resolve("fault-free"), keptToTheEnd));
        assertEquals(0, faultFree.exitCode(), faultFree.toString());

        Process faulty = SparkRuns.builder(dir, "faulty", train(slice, dir.resolve("faulty"), keptToTheEnd)).start();
        awaitLine(dir.resolve("faulty.out"), ROUND_DONE, faulty);
        List<ProcessHandle> executors = faulty.descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
        assertEquals(2, executors.size(), "an executor JVM per worker");
        ProcessHandle victim = executors.get(0);
        awaitBusy(victim);
        Processes.signal("KILL", victim.pid());
        SparkRuns.Finished recovered = SparkRuns.finish(dir, "faulty", faulty);

        assertEquals(0, recovered.exitCode(), recovered.toString());
        assertTrue(recovered.err().contains("ExecutorLostFailure"), "a running task was lost and run again:\n" + recovered.err());
        assertEquals(List.of("36"), evaluatedSteps(dir.resolve("faulty")));
        assertEquals(SparkRuns.column(dir.resolve("fault-free"), 3), SparkRuns.column(dir.resolve("faulty"), 3),
                "the losses of each round, to the last digit");
        assertEquals(SparkRuns.column(dir.resolve("fault-free"), 4), SparkRuns.column(dir.resolve("faulty"), 4),
                "the val loss, to the last digit");
        assertEquals(List.of("0", "0", "0"), rebuiltSteps(dir.resolve("fault-free")), "states kept where they trained");
        // The lost worker's task, run again where its state is not, replays every round before the killed one.
        List<String> rebuilt = rebuiltSteps(dir.resolve("faulty"));
        List<Integer> rebuiltRounds = new ArrayList<>();
        for (int round = 0; round < rebuilt.size(); round++) {
            if (!rebuilt.get(round).equals("0")) {
                rebuiltRounds.add(round);
            }
        }
        assertEquals(1, rebuiltRounds.size(), "one round rebuilt a state: " + rebuilt);
        int killed = rebuiltRounds.get(0);
        assertTrue(killed >= 1, "no state to lose in the first round: " + rebuilt);
        assertEquals(String.valueOf(12 * killed), rebuilt.get(killed), "replayed rounds 1.." + killed + ": " + rebuilt);
    }

    @Test
    void aStepTooLargeForAnExecutorOrAnExecutorTooLargeForItsWorkerEndsInOneLine() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 200_000);
        Path run = dir.resolve("too-large");
        SparkRuns.Finished tooLarge = SparkRuns.run(dir, "too-large", onSpark(slice, run, "spark.master=local-cluster[1,1,512]",
                "diloco.workers=1", "train.batch_size=512"));
        assertEquals(2, tooLarge.exitCode(), tooLarge.toString());
        assertTrue(tooLarge.err().matches("(?s)(.*\n)?minigpt: a worker's training step needs about \\d+\\.\\d GB, more than the \\d+\\.\\d GB"
                + " an executor's native memory may hold; raise spark.executor.memory \\(e.g. --set spark.executor.memory=\\d+g\\)"
                + " or lower train.batch_size\n"), tooLarge.err());
        SparkRuns.Finished cannotStart = SparkRuns.run(dir, "cannot-start", onSpark(slice, run,
                "spark.master=local-cluster[1,1,512]", "spark.executor.memory=1g"));
        assertEquals(2, cannotStart.exitCode(), cannotStart.toString());
        assertTrue(cannotStart.err().endsWith("minigpt: cannot start Spark with spark.master=local-cluster[1,1,512] (Asked to"
                + " launch cluster with 512 MiB/worker but requested 1024 MiB/executor)\n"), cannotStart.err());
        assertFalse(Files.exists(run), "nothing written");
    }

    @Test
    void aRoundSparkGivesUpOnEndsInOneLineAndTheRunResumesFromItsLastCheckpoint() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 200_000);
        Path run = dir.resolve("given-up");
        List<String> args = train(slice, run);
        args.addAll(List.of("--set", "spark.task.maxFailures=1")); // a lost task is not run again: the job fails
        Process training = SparkRuns.builder(dir, "given-up", args).start();
        awaitLine(dir.resolve("given-up.out"), ROUND_DONE, training);
        ProcessHandle victim = training.descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).findFirst()
                .orElseThrow();
        awaitBusy(victim);
        Processes.signal("KILL", victim.pid());
        SparkRuns.Finished failed = SparkRuns.finish(dir, "given-up", training);

        assertEquals(2, failed.exitCode(), failed.toString());
        assertTrue(failed.err().matches("(?s)(.*\n)?minigpt: a DiLoCo round failed on Spark \\([^\n]+\\); the last checkpoint is"
                + " kept\n.*"), failed.err());
        assertFalse(failed.err().contains("internal error"), failed.err());
        assertEquals(List.of("12"), evaluatedSteps(run), "the first round's evaluation, and no step after it");

        SparkRuns.Finished resumed = SparkRuns.run(dir, "resumed", List.of("train", "--resume", run.toString()));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals(List.of("12", "24", "36"), evaluatedSteps(run));
    }

    @Test
    void executorsThatCannotLoadTheNativesAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 200_000);
        Path run = dir.resolve("no-natives");
        SparkRuns.Finished refused = SparkRuns.run(dir, "no-natives", onSpark(slice, run, "spark.master=local-cluster[1,1,1024]",
                "diloco.workers=1",
                // JavaCPP looks for another platform's libraries, as on an executor without minigpt's jars
                "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.platform=windows-x86_64"));
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().matches("(?s)(.*\n)?minigpt: the Spark executors cannot run minigpt \\([^\n]+\\); give them"
                + " minigpt-spark's cluster jar, which holds ND4J's natives \\(docs/spark.md\\)\n.*"), refused.err());
        assertFalse(Files.exists(run), "nothing written");
    }

    /** The tutorial's model in rounds of 12 steps of 16 windows from the first: a round takes seconds on one core. */
    private static List<String> train(Path slice, Path run, String... intervals) {
        List<String> settings = new ArrayList<>(List.of("spark.master=local-cluster[2,1,1024]", "diloco.workers=2",
                "diloco.inner_steps=12", "diloco.sync_steps=0", "train.steps=36", "train.batch_size=16", "train.log_interval=12", "train.eval_batches=2"));
        settings.addAll(intervals.length > 0 ? List.of(intervals) : List.of("train.eval_interval=12", "train.checkpoint_interval=12"));
        return onSpark(slice, run, settings.toArray(String[]::new));
    }

    /** The rebuilt_steps column of metrics.csv: inner steps replayed in each logged round. */
    private static List<String> rebuiltSteps(Path run) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int column = List.of(lines.get(0).split(",")).indexOf("rebuilt_steps");
        List<String> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            values.add(line.split(",", -1)[column].replaceAll("\\.0+$", ""));
        }
        return values;
    }

    /** {@code train} on {@code slice} into {@code run} with {@code train.engine=spark}, no Spark UI, and {@code settings}. */
    private static List<String> onSpark(Path slice, Path run, String... settings) {
        List<String> args = new ArrayList<>(List.of("train", "--data", slice.toString(), "--run", run.toString()));
        Stream.concat(Stream.of("train.engine=spark", "spark.ui.enabled=false"), Stream.of(settings))
                .forEach(setting -> args.addAll(List.of("--set", setting)));
        return args;
    }

    private static List<String> evaluatedSteps(Path run) throws Exception {
        List<String> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (!cells[4].isEmpty()) {
                steps.add(cells[0]);
            }
        }
        return steps;
    }

    /**
     * Waits until the executor has spent half a second of CPU since the call: its task of the second round is
     * under way (a worker's round takes seconds of CPU; an idle executor only sends heartbeats).
     */
    private static void awaitBusy(ProcessHandle executor) throws Exception {
        Duration start = executor.info().totalCpuDuration().orElseThrow();
        for (int poll = 0; poll < 1200; poll++) {
            Duration now = executor.info().totalCpuDuration().orElseThrow();
            if (now.minus(start).toMillis() >= 500) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the executor did not start its round's task in a minute");
    }

    /** Polls the process's output file, for at most five minutes, until a line holds {@code text}. */
    private static void awaitLine(Path out, String text, Process process) throws Exception {
        for (int poll = 0; poll < 3000; poll++) {
            if (Files.exists(out) && Files.readString(out).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                fail("the run ended before '" + text + "':\n" + Files.readString(out));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        fail("no '" + text + "' in five minutes:\n" + Files.readString(out));
    }
}
