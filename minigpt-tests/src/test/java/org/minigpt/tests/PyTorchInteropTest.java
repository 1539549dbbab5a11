package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's weights.npz in PyTorch ({@code bench/reference/load_minigpt_run.py}) writes the same greedy
 * text as {@code minigpt generate}. Skipped where Debian's python3-torch is not installed.
 */
class PyTorchInteropTest {
    @TempDir
    Path dir;

    @Test
    void pyTorchOnTheSavedWeightsWritesMinigptsGreedyText() throws Exception {
        assumeTrue(ReferencePython.imports("torch"), "PyTorch is not installed (apt-get install -y python3-torch): interop not checked");
        Path slice = TestData.shakespeareSlice(dir, 30_000);
        Path run = dir.resolve("run");
        CliRun trained = CliRun.of("train", "--data", slice.toString(), "--run", run.toString(), "--set", "train.steps=300",
                "--set", "model.layers=2", "--set", "model.d_model=32", "--set", "model.heads=4",
                "--set", "model.context_length=32", "--set", "train.batch_size=16");
        assertEquals(0, trained.exitCode(), trained.toString());

        // "ROMEO:" and 24 tokens fit one window of 32: both sides see the whole text.
        CliRun minigpt = CliRun.of("generate", "--run", run.toString(), "--prompt", "ROMEO:", "--max-tokens", "24",
                "--set", "sampler=greedy");
        assertEquals(0, minigpt.exitCode(), minigpt.toString());
        String pytorch = ReferencePython.run("load_minigpt_run.py", "--run", run.toString(), "--prompt", "ROMEO:", "--tokens", "24");
        assertEquals(minigpt.out().strip(), pytorch.strip());
        assertTrue(pytorch.chars().distinct().count() > 8, "a text of many symbols, not one repeated: " + pytorch);
    }
}
