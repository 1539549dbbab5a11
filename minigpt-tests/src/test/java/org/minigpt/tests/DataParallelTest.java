package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.core.run.Folders;

/**
 * {@code train.threads} and {@code train.micro_batches} split each batch, not the math: the same run on one and on two
 * threads, and in micro-batches, also when resumed midway.
 */
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

    @Test
    void aRunInFourMicroBatchesRepeatsTheWholeBatchsRunAndAResumeFromItsMiddleRepeatsTheRest(@TempDir Path dir)
            throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 60_000);
        Path whole = train(dir, slice, 1);
        Path micro = train(dir, slice, 2, "train.micro_batches=4", "train.checkpoint_interval=10", "train.keep_checkpoints=3");
        List<Double> wholeLosses = column(whole, "loss");
        List<Double> microLosses = column(micro, "loss");
        for (int i = 0; i < wholeLosses.size(); i++) {
            assertEquals(wholeLosses.get(i), microLosses.get(i), 5e-4, "training loss, whole " + wholeLosses + " vs micro " + microLosses);
        }
        List<Double> wholeVal = valLosses(whole);
        List<Double> microVal = valLosses(micro);
        for (int i = 0; i < wholeVal.size(); i++) {
            assertEquals(wholeVal.get(i), microVal.get(i), 5e-4, "val losses, whole " + wholeVal + " vs micro " + microVal);
        }

        // As if killed after step 10: the later checkpoints gone; the resume needs no flag to split its batches again.
        Path copy = dir.resolve("resumed");
        ResumeAndMonitoringTest.copyTree(micro, copy);
        try (var folders = Files.list(copy.resolve("checkpoints"))) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                if (!folder.getFileName().toString().equals("step-0000010")) {
                    Folders.deleteTree(folder);
                }
            }
        }
        CliRun resumed = CliRun.of("train", "--resume", copy.toString());
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("of 8 x 16 tokens in 4 micro-batches"), resumed.out());
        assertTrue(resumed.out().contains("(step 10)"), resumed.out());
        List<Double> again = column(copy, "loss");
        assertEquals(microLosses.size(), again.size(), "rows after step 10 cut, then logged again");
        for (int i = 10; i < microLosses.size(); i++) {
            assertEquals(microLosses.get(i), again.get(i), 1e-5, "loss at step " + (i + 1));
        }
    }

    private static Path train(Path dir, Path data, int threads, String... settings) throws Exception {
        Path run = dir.resolve("threads-" + threads + (settings.length == 0 ? "" : "-micro"));
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--run", run.toString(),
                "--set", "train.steps=30", "--set", "train.eval_interval=10", "--set", "train.eval_batches=3",
                "--set", "train.batch_size=8", "--set", "train.log_interval=1", "--set", "model.layers=1",
                "--set", "model.d_model=32", "--set", "model.context_length=16", "--set", "optimizer.lr=3e-3",
                "--set", "train.threads=" + threads));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        CliRun training = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, training.exitCode(), training.toString());
        assertTrue(Files.readString(run.resolve("config.properties")).contains("train.threads=" + threads));
        return run;
    }

    /** The val_loss column of metrics.csv where it is set. */
    private static List<Double> valLosses(Path run) throws Exception {
        return column(run, "val_loss");
    }

    /** A column of metrics.csv where it is set. */
    private static List<Double> column(Path run, String name) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int column = List.of(lines.get(0).split(",")).indexOf(name);
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
