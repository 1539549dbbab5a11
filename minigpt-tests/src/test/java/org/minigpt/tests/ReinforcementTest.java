package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.objective=rl} through the real CLI: a tiny instruction-tuned run learns from the example reward plugin
 * (its jar in a plugins folder, off this test's class path), resumes to the same curve, and refuses bad settings.
 */
@Timeout(600)
class ReinforcementTest {
    @TempDir
    static Path dir;
    private static Path tuned;
    private static Path tasks;
    private static String plugins;

    @BeforeAll
    static void tuneATinyRun() throws Exception {
        plugins = System.getProperty("minigpt.example.plugins");
        Path text = TestData.shakespeareSlice(dir, 200_000);
        Path base = dir.resolve("base");
        tasks = dir.resolve("tasks");
        tuned = dir.resolve("sft");
        succeed(CliRun.of("train", "--data", text.toString(), "--run", base.toString(), "--set", "train.steps=30",
                "--set", "train.batch_size=8", "--set", "train.eval_batches=1", "--set", "model.layers=1",
                "--set", "model.d_model=32", "--set", "optimizer.lr=3e-3"));
        succeed(CliRun.of("tasks", "--data", text.toString(), "--out", tasks.toString(), "--per-task", "200", "--held-out", "20"));
        succeed(CliRun.of("train", "--init-from", base.toString(), "--data", tasks.resolve("train.jsonl").toString(),
                "--run", tuned.toString(), "--set", "train.steps=30", "--set", "train.batch_size=8", "--set", "train.eval_batches=1"));
    }

    @Test
    void aRewardThatPaysForOneLetterMakesThatLetterMoreFrequent() throws Exception {
        Path run = dir.resolve("letter");
        CliRun result = rl(run, 30);
        succeed(result);
        assertTrue(result.out().contains("objective  policy gradient: 8 questions x 8 answers a step"), result.out());
        List<double[]> rows = rows(run, "reward");
        double first = rows.get(0)[1];
        double last = rows.get(rows.size() - 1)[1];
        assertTrue(first < 0.15 && last > first + 0.2, "the share of e in the answers went from " + first + " to " + last);
        assertTrue(header(run).contains("greedy.uppercase"), "held-out families are measured: " + header(run));
    }

    @Test
    void aResumedRunRepeatsTheUninterruptedCurve() throws Exception {
        Path whole = dir.resolve("whole");
        Path halves = dir.resolve("halves");
        succeed(rl(whole, 20));
        succeed(rl(halves, 10));
        succeed(CliRun.of("train", "--resume", halves.toString(), "--plugins", plugins, "--set", "train.steps=20"));
        for (String column : List.of("loss", "reward", "solved", "answer_tokens")) {
            List<double[]> one = rows(whole, column);
            List<double[]> two = rows(halves, column);
            assertEquals(one.size(), two.size());
            for (int i = 0; i < one.size(); i++) {
                assertEquals(one.get(i)[1], two.get(i)[1], 0, column + " at step " + one.get(i)[0]);
            }
        }
    }

    @Test
    void theReportCardComparesTheRunWithTheTunedRunItStartedFrom() throws Exception {
        Path run = dir.resolve("carded");
        succeed(rl(run, 2));
        CliRun card = CliRun.of("eval", "--run", run.toString(), "--tasks", tasks.resolve("test.jsonl").toString(),
                "--plugins", plugins, "--reward", "long-word,exact");
        succeed(card);
        assertTrue(card.out().contains("base: " + tuned.toAbsolutePath() + " in its chat template"), card.out());
        assertTrue(card.out().lines().anyMatch(line -> line.startsWith("| starts-with | ")), card.out());
        CliRun info = CliRun.of("info", "--run", run.toString());
        assertTrue(info.out().contains("origin       learnt from rewards (train.objective=rl) from " + tuned.toAbsolutePath()),
                info.out());
    }

    @Test
    void badSettingsAreOneLineAndWriteNothing() {
        Path run = dir.resolve("refused");
        refused("minigpt: unknown reward 'bogus' in 'bogus': known rewards are exact, letter, long-word", run,
                "--set", "rl.reward=bogus");
        refused("minigpt: rl.group must be an integer >= 2, was 1", run, "--set", "rl.group=1");
        refused("minigpt: reward.letter.letter must be one character, was 'ab'", run, "--set", "rl.reward=letter",
                "--set", "reward.letter.letter=ab");
        refused("minigpt: " + tasks.resolve("train.jsonl") + " has no question to learn from of rl.tasks=spelling", run,
                "--set", "rl.tasks=spelling");
        refused("minigpt: no reward of 'long-word' scores the task ", run, "--set", "rl.reward=long-word");
        CliRun text = CliRun.of("train", "--init-from", tuned.toString(), "--data", tasks.resolve("words.txt").toString(),
                "--run", run.toString(), "--set", "train.objective=rl");
        assertEquals(2, text.exitCode(), text.toString());
        assertTrue(text.err().startsWith("minigpt: train.objective=rl learns from the questions of a task file"), text.err());
        assertFalse(Files.exists(run), "nothing written");
    }

    private static void refused(String start, Path run, String... settings) {
        List<String> args = new ArrayList<>(List.of("train", "--init-from", tuned.toString(), "--data",
                tasks.resolve("train.jsonl").toString(), "--run", run.toString(), "--plugins", plugins,
                "--set", "train.objective=rl"));
        args.addAll(List.of(settings));
        CliRun result = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith(start), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertFalse(Files.exists(run), "nothing written");
    }

    private static CliRun rl(Path run, int steps) {
        return CliRun.of("train", "--init-from", tuned.toString(), "--data", tasks.resolve("train.jsonl").toString(),
                "--run", run.toString(), "--plugins", plugins, "--set", "train.objective=rl", "--set", "train.steps=" + steps,
                "--set", "train.lr_schedule=constant", "--set", "optimizer.lr=3e-3", "--set", "train.log_interval=5",
                "--set", "train.eval_interval=10", "--set", "train.checkpoint_interval=10", "--set", "rl.reward=letter");
    }

    private static void succeed(CliRun result) {
        assertEquals(0, result.exitCode(), result.toString());
    }

    private static String header(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.csv")).get(0);
    }

    /** {step, value} of {@code column} for each row of the run's metrics.csv. */
    private static List<double[]> rows(Path run, String column) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int at = List.of(lines.get(0).split(",")).indexOf(column);
        assertTrue(at > 0, column + " in " + lines.get(0));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            rows.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[at])});
        }
        return rows;
    }
}
