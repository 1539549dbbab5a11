package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up, and a process killed while writing a checkpoint: the checkpoint being written
 * is lost, the one before it is not, and {@code --resume} continues from it.
 */
class DiskFaultsTest {
    @TempDir
    Path dir;
    Path run;

    @BeforeEach
    void trainTwentySteps() throws Exception {
        run = dir.resolve("run");
        CliRun result = CliRun.of("train", "--data", TestData.shakespeareSlice(dir, 20_000).toString(), "--run", run.toString(),
                "--set", "train.steps=20", "--set", "train.eval_interval=10", "--set", "train.checkpoint_interval=10",
                "--set", "train.eval_batches=2", "--set", "train.batch_size=4", "--set", "train.keep_checkpoints=2",
                "--set", "model.layers=1",
                "--set", "model.d_model=32", "--set", "model.heads=2", "--set", "model.context_length=16");
        assertEquals(0, result.exitCode(), result.toString());
    }

    @Test
    void aDiskThatFillsDuringACheckpointFailsClearlyAndKeepsThePreviousOne() throws Exception {
        byte[] weightsBefore = Files.readAllBytes(run.resolve("checkpoints/step-0000020/weights.npz"));
        // The weights file (~66 kB) is the first file of a checkpoint larger than this 50 kB limit:
        // writing it fails as a full disk would (the JVM ignores SIGXFSZ, so the write returns EFBIG).
        String command = "ulimit -f 50; exec " + TestData.projectRoot().resolve("bin/minigpt")
                + " train --resume " + run + " --set train.steps=30";
        Process process = new ProcessBuilder("bash", "-c", command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes());
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        String line = "minigpt: could not save checkpoint step-0000030 in " + run.resolve("checkpoints")
                + " (IOException: File too large); step-0000020 is kept";
        assertEquals(2, process.exitValue(), err);
        assertEquals(line + "\n", err);
        ErrorTable.add("disk full during a checkpoint write", "ulimit -f 50; minigpt train --resume " + run
                + " --set train.steps=30", line, process.exitValue(), dir);

        assertEquals(List.of("best", "step-0000010", "step-0000020"), checkpointEntries(), "no partial checkpoint left");
        assertArrayEquals(weightsBefore, Files.readAllBytes(run.resolve("checkpoints/step-0000020/weights.npz")));
        CliRun resumed = CliRun.of("train", "--resume", run.toString(), "--set", "train.steps=30");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("resuming   from " + run.resolve("checkpoints/step-0000020") + " (step 20)"), resumed.out());
        assertTrue(checkpointEntries().contains("step-0000030"));
    }

    @Test
    void aKillDuringACheckpointWriteLeavesAHiddenPartialFolderThatResumeIgnoresAndClears() throws Exception {
        // What kill -9 leaves mid-write: the checkpoint's temporary folder, its weights cut short.
        Path partial = Files.createDirectories(run.resolve("checkpoints/.partial-step-0000030"));
        byte[] weights = Files.readAllBytes(run.resolve("checkpoints/step-0000020/weights.npz"));
        Files.write(partial.resolve("weights.npz"), Arrays.copyOf(weights, weights.length / 2));

        CliRun info = CliRun.of("info", run.toString());
        assertTrue(info.out().contains("checkpoints  latest step-0000020"), info.out());
        CliRun resumed = CliRun.of("train", "--resume", run.toString(), "--set", "train.steps=30");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals("", resumed.err());
        assertTrue(resumed.out().contains("resuming   from " + run.resolve("checkpoints/step-0000020") + " (step 20)"), resumed.out());
        assertFalse(checkpointEntries().stream().anyMatch(name -> name.startsWith(".partial")), checkpointEntries().toString());
        assertTrue(checkpointEntries().contains("step-0000030"));
    }

    private List<String> checkpointEntries() throws Exception {
        try (Stream<Path> entries = Files.list(run.resolve("checkpoints"))) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
