package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run through the real CLI with evaluation every 10 steps and checkpoints every 20: its
 * metrics, plot and checkpoints, and a resume from the middle that repeats the second half exactly.
 */
class ResumeAndMonitoringTest {
    private static final String[] SETTINGS = {
        "--set", "train.steps=40", "--set", "train.log_interval=1", "--set", "train.eval_interval=10",
        "--set", "train.checkpoint_interval=20", "--set", "train.keep_checkpoints=3", "--set", "train.eval_batches=2", "--set", "train.batch_size=8",
        "--set", "train.warmup_steps=5", "--set", "model.layers=1", "--set", "model.d_model=32",
        "--set", "model.context_length=16", "--set", "optimizer.lr=3e-3"
    };

    @TempDir
    static Path dir;
    private static Path run;
    private static CliRun training;

    @BeforeAll
    static void trainFortySteps() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "--data", slice.toString(), "--run", run.toString()));
        args.addAll(Arrays.asList(SETTINGS));
        training = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, training.exitCode(), training.toString());
    }

    @Test
    void metricsHaveARowPerLoggedStepAndValLossAtEachEvaluation() throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("step,elapsed_seconds,tokens,loss,val_loss,best_val_loss,learning_rate,grad_norm,tokens_per_second,"
                + "step_ms_mean", lines.get(0));
        assertEquals(41, lines.size(), "a header and a row per step");
        for (int step = 1; step <= 40; step++) {
            String[] cells = lines.get(step).split(",", -1);
            assertEquals(10, cells.length, lines.get(step));
            assertEquals(step, Integer.parseInt(cells[0]));
            assertEquals(step * 8L * 16, Long.parseLong(cells[2]), "tokens");
            assertTrue(Double.parseDouble(cells[7]) > 0, "gradient norm");
            assertEquals(step % 10 == 0, !cells[4].isEmpty(), "val loss at step " + step);
        }
        double warmupRate = Double.parseDouble(lines.get(1).split(",")[6]);
        double peakRate = Double.parseDouble(lines.get(5).split(",")[6]);
        double lastRate = Double.parseDouble(lines.get(40).split(",")[6]);
        assertEquals(3e-3 / 6, warmupRate, 1e-9, "warmup starts at peak / (warmup + 1)");
        assertEquals(3e-3 * 5 / 6, peakRate, 1e-9);
        assertTrue(lastRate < peakRate / 10, "cosine decays towards min_lr: " + lastRate);
    }

    @Test
    void theLossPlotIsAPngAndCheckpointsKeepTheLatestAndTheBest() throws Exception {
        byte[] png = Files.readAllBytes(run.resolve("loss.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(png.length > 5_000, "a drawn chart, not an empty image");
        List<String> kept = folders(run.resolve("checkpoints"));
        assertTrue(kept.contains("step-0000040"), kept.toString());
        String best = Files.readString(run.resolve("checkpoints/best")).trim();
        assertTrue(kept.contains(best), kept + " must hold the best, " + best);
        assertTrue(kept.contains("step-0000020"), kept.toString());
        assertTrue(kept.size() <= 4, "only the 3 latest and the best are kept: " + kept);
    }

    @Test
    void aRunResumedFromItsMiddleRepeatsTheSecondHalfExactly() throws Exception {
        // A copy of the run as it stood at step 20: the later checkpoints removed, as if it had been killed then.
        Path copy = dir.resolve("resumed");
        copyTree(run, copy);
        Path step20 = copy.resolve("checkpoints/step-0000020");
        assertTrue(Files.isDirectory(step20), "keep_checkpoints=3 keeps steps 20, 30 and 40");
        for (String folder : folders(copy.resolve("checkpoints"))) {
            if (!folder.equals("step-0000020")) {
                deleteTree(copy.resolve("checkpoints").resolve(folder));
            }
        }
        CliRun resumed = CliRun.of("train", "--resume", copy.toString());
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("resuming   from " + step20 + " (step 20)"), resumed.out());

        List<String> straight = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> again = Files.readAllLines(copy.resolve("metrics.csv"));
        assertEquals(41, again.size(), "rows after step 20 were cut, then logged again");
        for (int step = 21; step <= 40; step++) {
            double expected = Double.parseDouble(straight.get(step).split(",")[3]);
            double actual = Double.parseDouble(again.get(step).split(",")[3]);
            assertEquals(expected, actual, 1e-5, "loss at step " + step);
        }
        assertEquals(straight.get(40).split(",")[4], again.get(40).split(",")[4], "the final val loss");
    }

    @Test
    void theSameSeedGivesTheSameLossCurve() throws Exception {
        Path again = dir.resolve("again");
        List<String> args = new ArrayList<>(List.of("train", "--data", TestData.shakespeareSlice(dir, 100_000).toString(),
                "--run", again.toString()));
        args.addAll(Arrays.asList(SETTINGS));
        assertEquals(0, CliRun.of(args.toArray(String[]::new)).exitCode());
        List<String> first = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> second = Files.readAllLines(again.resolve("metrics.csv"));
        for (int step = 1; step <= 40; step++) {
            String[] a = first.get(step).split(",", -1);
            String[] b = second.get(step).split(",", -1);
            assertEquals(a[3] + " " + a[4] + " " + a[7], b[3] + " " + b[4] + " " + b[7], "loss, val loss, grad norm at step " + step);
        }
    }

    @Test
    void infoShowsProgressBestValLossAndFiles() {
        CliRun info = CliRun.of("info", run.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("progress     40 of 40 steps, 5,120 tokens"), info.out());
        assertTrue(info.out().matches("(?s).*val loss     \\d\\.\\d{4} at step 40; best \\d\\.\\d{4} at step \\d0.*"), info.out());
        assertTrue(info.out().contains("  train.steps                  40"), info.out());
        assertTrue(info.out().lines().anyMatch(line -> line.matches("total +[\\d,]+")), info.out());
        assertTrue(info.out().contains("  metrics.csv "), info.out());
        assertTrue(info.out().contains("  loss.png "), info.out());
    }

    @Test
    void resumingWhatCannotBeResumedSaysWhyInOneLine() {
        CliRun finished = CliRun.of("train", "--resume", run.toString());
        assertEquals(2, finished.exitCode());
        assertEquals("minigpt: " + run + " already finished its 40 steps; to train on, raise train.steps, e.g."
                + " --set train.steps=80\n", finished.err());
        CliRun model = CliRun.of("train", "--resume", run.toString(), "--set", "model.layers=2");
        assertEquals(2, model.exitCode());
        assertTrue(model.err().startsWith("minigpt: a resumed run cannot change model.layers (it is 1); it may change"
                + " train.checkpoint_interval, "), model.err());
        CliRun withRun = CliRun.of("train", "--resume", run.toString(), "--run", dir.resolve("x").toString());
        assertEquals("minigpt: --resume continues a run in its own directory on its own text; leave out --run and --data\n",
                withRun.err());
    }

    @Test
    void generateCanPickACheckpoint() {
        CliRun latest = CliRun.of("generate", "--run", run.toString(), "--checkpoint", "latest", "--max-tokens", "20",
                "--seed", "1");
        assertEquals(0, latest.exitCode(), latest.toString());
        CliRun missing = CliRun.of("generate", "--run", run.toString(), "--checkpoint", "7");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("minigpt: no checkpoint '7' in "), missing.err());
    }

    private static List<String> folders(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path path) throws Exception {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
