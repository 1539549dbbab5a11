package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes through {@code bin/minigpt}: Ctrl-C (SIGINT) saves a checkpoint and exits 130;
 * {@code kill -9} at any moment leaves a checkpoint that {@code --resume} continues from.
 */
class InterruptAndKillTest {
    private static final Pattern STEP = Pattern.compile("^step +(\\d+)/");
    private static final Pattern CHECKPOINT = Pattern.compile("^checkpoint .*step-(\\d+)$");

    @TempDir
    Path dir;

    @Test
    void ctrlCSavesAndExits130ThenKillDashNineLosesOnlyUnsavedStepsAndResumeContinues() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        Path run = dir.resolve("run");
        Process training = Processes.start(dir.resolve("first.err"), "train", "--data", slice.toString(),
                "--run", run.toString(),
                "--set", "train.steps=100000", "--set", "train.log_interval=1", "--set", "train.checkpoint_interval=10",
                "--set", "train.eval_interval=10", "--set", "train.eval_batches=1", "--set", "train.batch_size=4",
                "--set", "model.layers=1", "--set", "model.d_model=16", "--set", "model.heads=2",
                "--set", "model.context_length=8");
        ProcessOutput out = Processes.reader(training);
        out.waitFor(STEP, 12);
        Processes.signal("INT", training.pid());
        out.drain();
        assertTrue(training.waitFor(2, TimeUnit.MINUTES), "training did not stop after SIGINT");
        String err = Files.readString(dir.resolve("first.err"));
        assertEquals(130, training.exitValue(), err);
        Matcher stopped = Pattern.compile("stopped at step (\\d+) of 100000; (\\S+) saved; continue with: minigpt train"
                + " --resume " + Pattern.quote(run.toString())).matcher(err);
        assertTrue(stopped.find(), err);
        long stopStep = Long.parseLong(stopped.group(1));
        ErrorTable.add("Ctrl-C (SIGINT) during training", "minigpt train --run " + run + " ...", "minigpt: " + stopped.group(0),
                training.exitValue(), dir);
        assertTrue(Files.readString(Path.of(stopped.group(2)).resolve("state.properties")).contains("step=" + stopStep + "\n"));

        Process resumed = Processes.start(dir.resolve("second.err"), "train", "--resume", run.toString());
        ProcessOutput resumedOut = Processes.reader(resumed);
        resumedOut.waitFor(CHECKPOINT, stopStep + 20);
        resumed.destroyForcibly(); // SIGKILL: whatever it was writing stays half-written
        assertTrue(resumed.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, resumed.exitValue());
        ErrorTable.add("kill -9 during training", "minigpt train --resume " + run, "(killed: prints nothing; the next --resume"
                + " continues from the newest complete checkpoint)", resumed.exitValue(), dir);

        long latest = Processes.latestStep(run);
        assertTrue(latest >= stopStep + 20, "a checkpoint at or after step " + (stopStep + 20) + ": " + latest);
        Process last = Processes.start(dir.resolve("third.err"), "train", "--resume", run.toString(),
                "--set", "train.steps=" + (latest + 3));
        List<String> lines = Processes.reader(last).drain();
        assertTrue(last.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, last.exitValue(), String.join("\n", lines) + Files.readString(dir.resolve("third.err")));
        assertTrue(lines.contains("resuming   from " + run.resolve(String.format("checkpoints/step-%07d", latest))
                + " (step " + latest + ")"), String.join("\n", lines));
        assertEquals(latest + 3, Processes.latestStep(run));
        try (Stream<Path> entries = Files.list(run.resolve("checkpoints"))) {
            assertFalse(entries.anyMatch(path -> path.getFileName().toString().startsWith(".partial")),
                    "no half-written checkpoint is left behind");
        }
    }

    @Test
    void prometheusScrapesTheTrainingMetersWhileItRuns() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 50_000);
        Process training = Processes.start(dir.resolve("metrics.err"), "train", "--data", slice.toString(), "--run",
                dir.resolve("run").toString(), "--metrics-port", "0", "--set", "train.steps=100000",
                "--set", "train.log_interval=1", "--set", "train.batch_size=4", "--set", "model.layers=1",
                "--set", "model.d_model=16", "--set", "model.heads=2", "--set", "model.context_length=8");
        ProcessOutput out = Processes.reader(training);
        Pattern address = Pattern.compile("^metrics +(http://127\\.0\\.0\\.1:\\d+/metrics)$");
        String url = null;
        for (String line = out.readLine(); line != null && url == null; line = out.readLine()) {
            Matcher matcher = address.matcher(line);
            url = matcher.find() ? matcher.group(1) : null;
        }
        assertTrue(url != null, "no metrics address printed");
        out.waitFor(STEP, 5);
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Processes.signal("INT", training.pid());
        out.drain();
        assertTrue(training.waitFor(2, TimeUnit.MINUTES));
        assertEquals(200, response.statusCode());
        String body = response.body();
        for (String meter : List.of("minigpt_train_tokens_total", "minigpt_train_loss", "minigpt_learning_rate",
                "minigpt_gradient_norm", "minigpt_val_loss", "minigpt_train_step_seconds_count", "minigpt_train_steps")) {
            assertTrue(body.contains(meter), meter + " missing from:\n" + body);
        }
        Matcher tokens = Pattern.compile("(?m)^minigpt_train_tokens_total(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
        assertTrue(tokens.find() && Double.parseDouble(tokens.group(1)) >= 5 * 4 * 8, "at least 5 steps of 4 x 8 tokens: " + body);
    }
}
