package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per run, with real processes: a second trainer of the same run is refused in one line
 * and exit 2 while readers go on; a killed trainer leaves no lock, and its metrics continue cleanly.
 */
class RunLockTest {
    private static final Pattern CHECKPOINT = Pattern.compile("^checkpoint .*step-(\\d+)$");
    private static final Pattern REFUSED = Pattern.compile("^minigpt: run (\\S+) is being trained by another minigpt process"
            + " \\(pid (\\d+), since [0-9-]+ [0-9:]+\\); wait for it or pick another --run$");
    private static final List<String> TINY = List.of("--set", "train.log_interval=1", "--set", "train.checkpoint_interval=10",
            "--set", "train.eval_interval=10", "--set", "train.eval_batches=1", "--set", "train.batch_size=4",
            "--set", "model.layers=1", "--set", "model.d_model=16", "--set", "model.heads=2", "--set", "model.context_length=8");

    @TempDir
    Path dir;

    @Test
    void twoResumesAtOnceOneRefusesWhileGenerateReadsThenTheRunStaysConsistent() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        Path run = dir.resolve("run");
        CliRun first = CliRun.of(args("train", "--data", slice.toString(), "--run", run.toString(), "--set", "train.steps=20"));
        assertEquals(0, first.exitCode(), first.toString());

        Process a = Processes.start(dir.resolve("a.err"), "train", "--resume", run.toString(), "--set", "train.steps=100000");
        Process b = Processes.start(dir.resolve("b.err"), "train", "--resume", run.toString(), "--set", "train.steps=100000");
        Process refused = firstToEnd(a, b);
        Process trainer = refused == a ? b : a;
        String refusal = Files.readString(dir.resolve(refused == a ? "a.err" : "b.err"), StandardCharsets.UTF_8).strip();
        assertEquals(2, refused.exitValue(), refusal);
        Matcher matcher = REFUSED.matcher(refusal);
        assertTrue(matcher.matches(), refusal);
        assertEquals(Long.toString(trainer.pid()), matcher.group(2), "names the process that holds the run");
        ErrorTable.add("a second minigpt trains the same run", "minigpt train --resume " + run, refusal, 2, dir);

        ProcessOutput out = Processes.reader(trainer);
        out.waitFor(CHECKPOINT, 40);
        CliRun generated = CliRun.of("generate", "--run", run.toString(), "--max-tokens", "20", "--seed", "1");
        assertEquals(0, generated.exitCode(), "a reader goes on while the run trains: " + generated);
        assertTrue(generated.out().length() > 10, generated.toString());

        Processes.signal("INT", trainer.pid());
        out.drain();
        assertTrue(trainer.waitFor(2, TimeUnit.MINUTES));
        assertEquals(130, trainer.exitValue(), Files.readString(dir.resolve(trainer == a ? "a.err" : "b.err")));
        assertContinuousSteps(run, Processes.latestStep(run));
    }

    @Test
    void aKilledTrainerLeavesNoLockAndTheResumedMetricsHaveEachStepOnce() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        Path run = dir.resolve("run");
        Process killed = Processes.start(dir.resolve("killed.err"), args("train", "--data", slice.toString(),
                "--run", run.toString(), "--set", "train.steps=100000"));
        ProcessOutput out = Processes.reader(killed);
        out.waitFor(CHECKPOINT, 30);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, killed.exitValue());

        long latest = Processes.latestStep(run);
        CliRun resumed = CliRun.of("train", "--resume", run.toString(), "--set", "train.steps=" + (latest + 5));
        assertEquals(0, resumed.exitCode(), "the killed process's lock is gone: " + resumed);
        assertContinuousSteps(run, latest + 5);
    }

    @Test
    void twoNewRunsInOneDirectoryAtOnceOnlyOneTrains() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        Path run = dir.resolve("new-run");
        String[] command = args("train", "--data", slice.toString(), "--run", run.toString(), "--set", "train.steps=100000");
        Process a = Processes.start(dir.resolve("a.err"), command);
        Process b = Processes.start(dir.resolve("b.err"), command);
        Process refused = firstToEnd(a, b);
        Process trainer = refused == a ? b : a;
        String refusal = Files.readString(dir.resolve(refused == a ? "a.err" : "b.err"), StandardCharsets.UTF_8).strip();
        assertEquals(2, refused.exitValue(), refusal);
        assertTrue(REFUSED.matcher(refusal).matches() || refusal.contains("already holds a run"), refusal);

        ProcessOutput out = Processes.reader(trainer);
        out.waitFor(CHECKPOINT, 10);
        Processes.signal("INT", trainer.pid());
        out.drain();
        assertTrue(trainer.waitFor(2, TimeUnit.MINUTES));
        assertEquals(130, trainer.exitValue());
        assertContinuousSteps(run, Processes.latestStep(run));
    }

    private static String[] args(String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(TINY);
        return all.toArray(String[]::new);
    }

    /** Waits until one of the two ends (the refused one: the other trains for a long time). */
    private static Process firstToEnd(Process a, Process b) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!a.isAlive()) {
                return a;
            }
            if (!b.isAlive()) {
                return b;
            }
            Thread.sleep(50);
        }
        a.destroyForcibly();
        b.destroyForcibly();
        throw new AssertionError("neither process was refused");
    }

    /** {@code metrics.csv} has steps 1, 2, ... each once, at least up to the last checkpoint. */
    private static void assertContinuousSteps(Path run, long atLeast) throws Exception {
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"), StandardCharsets.UTF_8);
        List<Long> steps = rows.subList(1, rows.size()).stream().map(row -> Long.parseLong(row.split(",")[0])).toList();
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i), "row " + (i + 1) + " of " + steps);
        }
        assertTrue(steps.size() >= atLeast, steps.size() + " rows, expected at least " + atLeast);
    }
}
