package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train.threads} splits each batch, not the math: the same run on one and on two threads. */
class DataParallelTest {
    @Test
    void aRunOnTwoThreadsRepeatsTheValLossesOfTheSameRunOnOne(@TempDir Path dir) throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 60_000);
        List<Double> one = valLosses(train(dir, slice, 1));
        List<Double> two = valLosses(train(dir, slice, 2));
        assertEquals(3, one.size(), "an evaluation every 10 of 30 steps: " + one);
        assertEquals(3, two.size(), "an evaluation every 10 of 30 steps: " + two);
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i), two.get(i), 5e-4, "val losses to 3 decimals, 1 thread " + one + " vs 2 " + two);
        }
        assertTrue(one.get(2) < one.get(0), "it learns: " + one);
    }

    private static Path train(Path dir, Path data, int threads) throws Exception {
        Path run = dir.resolve("threads-" + threads);
        CliRun training = CliRun.of("train", "--data", data.toString(), "--run", run.toString(),
                "--set", "train.steps=30", "--set", "train.eval_interval=10", "--set", "train.eval_batches=3",
                "--set", "train.batch_size=8", "--set", "model.layers=1", "--set", "model.d_model=32",
                "--set", "model.context_length=16", "--set", "optimizer.lr=3e-3", "--set", "train.threads=" + threads);
        assertEquals(0, training.exitCode(), training.toString());
        assertTrue(Files.readString(run.resolve("config.properties")).contains("train.threads=" + threads));
        return run;
    }

    /** The val_loss column of metrics.csv where it is set. */
    private static List<Double> valLosses(Path run) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int column = List.of(lines.get(0).split(",")).indexOf("val_loss");
        List<Double> losses = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String cell = line.split(",", -1)[column];
            if (!cell.isEmpty()) {
                losses.add(Double.parseDouble(cell));
            }
        }
        return losses;
    }
}
