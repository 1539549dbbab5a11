package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.config.Config;

/** {@code train --init-from}: a trained Shakespeare run fine-tuned on a text of another style. */
class FineTuneTest {
    private static final Pattern START = Pattern.compile("starting   from (\\S+) \\(step (\\d+)\\): val (\\d+\\.\\d+) on this text");
    private static final Pattern FIRST_STEP = Pattern.compile("step\\s+1/\\d+\\s+loss (\\d+\\.\\d+)");
    private static final Pattern VAL = Pattern.compile("val loss\\s+(\\d+\\.\\d+) nats/token");
    private static final String[] SMALL = {"--set", "train.batch_size=16", "--set", "train.eval_batches=4", "--set", "model.layers=2",
        "--set", "model.d_model=64", "--set", "model.context_length=32", "--set", "optimizer.lr=3e-3", "--set", "train.warmup_steps=5"};

    @TempDir
    static Path dir;
    private static Path origin;
    private static Path shipLog;

    @BeforeAll
    static void trainOnShakespeareAndWriteALogbook() throws Exception {
        origin = dir.resolve("shakespeare");
        CliRun trained = CliRun.of(CliRun.concat(new String[] {"train", "--data",
            TestData.shakespeareSlice(dir, 200_000).toString(), "--run", origin.toString(), "--set", "train.steps=80",
            "--set", "train.eval_interval=40"}, SMALL));
        assertEquals(0, trained.exitCode(), trained.toString());
        shipLog = dir.resolve("logbook.txt");
        Files.writeString(shipLog, logbook(1500));
    }

    /** Plain modern sentences of a ship's log, in letters and punctuation Shakespeare's text also has. */
    private static String logbook(int lines) {
        String[] who = {"The captain", "Our cook", "The old sailor", "A young boy", "The first mate", "My brother"};
        String[] did = {"looked at", "walked to", "talked with", "laughed at", "waited for", "cleaned"};
        String[] what = {"the deck", "the sea", "a map", "the sails", "the morning sky", "an empty barrel"};
        String[] how = {"and then slept.", "before dinner.", "in the rain.", "all day long.", "with great care.", "without a word."};
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(who[random.nextInt(6)]).append(' ').append(did[random.nextInt(6)]).append(' ')
                    .append(what[random.nextInt(6)]).append(' ').append(how[random.nextInt(6)]).append('\n');
        }
        return text.toString();
    }

    private static double first(Pattern pattern, String out, int group) {
        Matcher matcher = pattern.matcher(out);
        assertTrue(matcher.find(), pattern + " in\n" + out);
        return Double.parseDouble(matcher.group(group));
    }

    @Test
    void theFineTunedModelStartsFromTheTrainedWeightsAndLearnsTheNewText() throws Exception {
        byte[] originConfig = Files.readAllBytes(origin.resolve("config.properties"));
        Path tuned = dir.resolve("logbook-run");
        CliRun run = CliRun.of("train", "--init-from", origin.toString(), "--data", shipLog.toString(), "--run", tuned.toString(),
                "--set", "train.steps=40", "--set", "train.batch_size=16", "--set", "train.eval_batches=4",
                "--set", "optimizer.lr=2e-3", "--set", "train.warmup_steps=5");
        assertEquals(0, run.exitCode(), run.toString());

        Matcher start = START.matcher(run.out());
        assertTrue(start.find(), run.out());
        assertEquals(origin.toAbsolutePath().normalize().toString(), start.group(1));
        double before = Double.parseDouble(start.group(3));
        assertTrue(before < Math.log(65) - 0.8, "the trained model already knows letters and words: " + before);
        double firstStep = first(FIRST_STEP, run.out(), 1);
        assertTrue(Math.abs(firstStep - before) < 0.5, "step 1 starts near the starting val loss, not at random: " + firstStep);
        double after = first(VAL, run.out(), 1);
        assertTrue(after < before - 0.3, "val loss on the logbook " + before + " -> " + after);

        Config saved = Config.load(tuned.resolve("config.properties"));
        assertEquals(origin.toAbsolutePath().normalize() + "@" + start.group(2), saved.get("init.from").orElseThrow());
        assertEquals("64", saved.get("model.d_model").orElseThrow());
        assertEquals("2", saved.get("model.layers").orElseThrow());
        assertEquals("2e-3", saved.get("optimizer.lr").orElseThrow());
        assertArrayEquals(originConfig, Files.readAllBytes(origin.resolve("config.properties")), "the origin is left alone");

        CliRun resumed = CliRun.of("train", "--resume", tuned.toString(), "--set", "train.steps=45");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        CliRun written = CliRun.of("generate", "--run", tuned.toString(), "--prompt", "The ", "--max-tokens", "60", "--seed", "1",
                "--set", "sampler=greedy");
        assertEquals(0, written.exitCode(), written.toString());
        assertEquals("The ".length() + 60 + 1, written.out().length(), written.out());
    }

    @Test
    void whatCannotBeFineTunedIsOneLineAndNoRun() throws Exception {
        Path cafe = dir.resolve("cafe.txt");
        Files.writeString(cafe, "Caf\u00e9 au lait.\n".repeat(200));
        Path target = dir.resolve("refused");
        String originName = origin.toString();
        assertRefused("minigpt: " + cafe + " cannot be fine-tuned from " + originName + ": the char tokenizer never saw '\u00e9'"
                + " (U+00E9) in its training text; leave it out, or train with tokenizer=byte; a run trained with tokenizer=bpe"
                + " or tokenizer=byte takes any text\n", "train", "--init-from", originName, "--data", cafe.toString(), "--run",
                target.toString());
        assertRefused("minigpt: a fine-tuned run keeps the tokenizer and model of " + originName + ", so it cannot set"
                + " tokenizer=byte (that run has tokenizer=char); leave it out\n", "train", "--init-from", originName, "--data",
                shipLog.toString(), "--run", target.toString(), "--set", "tokenizer=byte");
        assertRefused("minigpt: model.d_model=96 would change the shapes of " + originName + "'s weights; a fine-tuned run may change"
                + " only the model keys that keep them, such as model.dropout\n", "train", "--init-from", originName, "--data",
                shipLog.toString(), "--run", target.toString(), "--set", "model.d_model=96");
        assertRefused("minigpt: no checkpoint '7' in " + origin.resolve("checkpoints") + "; it has ", "train", "--init-from",
                originName + "@7", "--data", shipLog.toString(), "--run", target.toString());
        assertRefused("minigpt: --init-from starts a new run and --resume continues one; give one of them\n", "train",
                "--init-from", originName, "--resume", originName);
        assertFalse(Files.exists(target));
    }

    private static void assertRefused(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith(message), run.err());
    }
}
