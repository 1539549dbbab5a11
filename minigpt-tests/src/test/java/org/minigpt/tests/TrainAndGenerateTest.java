package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.config.Config;

/** The walking skeleton end to end: train on real Shakespeare through the CLI, then generate from the run. */
class TrainAndGenerateTest {
    private static final Pattern STEP = Pattern.compile("step\\s+(\\d+)/(\\d+)\\s+loss (\\d+\\.\\d+)");
    private static final Pattern VAL = Pattern.compile("val loss\\s+(\\d+\\.\\d+) nats/token");

    @TempDir
    static Path dir;
    private static Path run;
    private static CliRun training;

    @BeforeAll
    static void trainASmallModelOnASliceOfShakespeare() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 200_000);
        run = dir.resolve("run");
        training = CliRun.of("train", "--data", slice.toString(), "--run", run.toString(),
                "--set", "train.steps=60", "--set", "train.log_interval=10", "--set", "train.batch_size=16",
                "--set", "train.eval_batches=4", "--set", "model.layers=2", "--set", "model.d_model=64",
                "--set", "model.context_length=32", "--set", "optimizer.lr=3e-3", "--set", "train.warmup_steps=10");
    }

    @Test
    void trainingSucceedsAndTheLossFalls() {
        assertEquals(0, training.exitCode(), training.toString());
        List<Double> losses = new ArrayList<>();
        Matcher step = STEP.matcher(training.out());
        while (step.find()) {
            losses.add(Double.parseDouble(step.group(3)));
        }
        assertEquals(7, losses.size(), "a line at step 1 and every 10 steps:\n" + training.out());
        assertTrue(losses.get(0) > 3.5, "a fresh model is near ln(vocabulary): " + losses);
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) - 1.0, "loss did not fall: " + losses);
        Matcher val = VAL.matcher(training.out());
        assertTrue(val.find(), training.out());
        assertTrue(Double.parseDouble(val.group(1)) < 3.0, "val loss " + val.group(1));
        assertEquals("", training.err());
    }

    @Test
    void theRunDirectoryHoldsTheEffectiveConfigTokenizerAndWeights() throws Exception {
        assertEquals(0, training.exitCode(), training.toString());
        Config saved = Config.load(run.resolve("config.properties"));
        assertEquals("char", saved.get("tokenizer").orElseThrow());
        assertEquals("gpt", saved.get("model").orElseThrow());
        assertEquals("adamw", saved.get("optimizer").orElseThrow());
        assertEquals("2", saved.get("model.layers").orElseThrow());
        assertEquals("4", saved.get("model.heads").orElseThrow(), "defaults are saved too");
        assertEquals("60", saved.get("train.steps").orElseThrow());
        assertTrue(Files.size(run.resolve("checkpoints/step-0000060/weights.npz")) > 100_000);
        assertTrue(Files.size(run.resolve("checkpoints/step-0000060/optimizer.npz")) > 200_000, "Adam's two moments");
        assertEquals(Files.readString(run.resolve("config.properties")).lines().skip(1).toList(),
                Files.readString(run.resolve("checkpoints/step-0000060/config.properties")).lines().skip(1).toList(),
                "a checkpoint holds the run's config (after the date line)");
        assertTrue(Files.exists(run.resolve("checkpoints/step-0000060/tokenizer.json")));
        assertTrue(Files.readString(run.resolve("tokenizer.json")).contains("\"symbols\""));
    }

    @Test
    void generateContinuesThePromptAndTheSameSeedWritesTheSameText() {
        CliRun first = CliRun.of("generate", "--run", run.toString(), "--prompt", "ROMEO:", "--max-tokens", "80", "--seed", "7");
        CliRun again = CliRun.of("generate", "--run", run.toString(), "--prompt", "ROMEO:", "--max-tokens", "80", "--seed", "7");
        CliRun other = CliRun.of("generate", "--run", run.toString(), "--prompt", "ROMEO:", "--max-tokens", "80", "--seed", "8");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("ROMEO:"), first.out());
        assertEquals("ROMEO:".length() + 80, first.out().stripTrailing().length() + trailingWhitespace(first.out()));
        assertEquals(first.out(), again.out());
        assertNotEquals(first.out(), other.out());
    }

    @Test
    void greedyGenerationIsDeterministicWithoutASeed() {
        CliRun first = CliRun.of("generate", "--run", run.toString(), "--prompt", "KING", "--max-tokens", "40", "--set", "sampler=greedy");
        CliRun second = CliRun.of("generate", "--run", run.toString(), "--prompt", "KING", "--max-tokens", "40", "--set", "sampler=greedy");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(first.out(), second.out());
    }

    @Test
    void aPromptWithAnUnseenCharacterSaysWhich() {
        CliRun result = CliRun.of("generate", "--run", run.toString(), "--prompt", "Ωmega");
        assertEquals(2, result.exitCode());
        assertEquals("minigpt: the char tokenizer never saw 'Ω' (U+03A9) in its training text; leave it out, or train with tokenizer=byte\n",
                result.err());
    }

    @Test
    void aStopStringEndsTheTextJustBeforeIt() {
        CliRun free = CliRun.of("generate", "--run", run.toString(), "--prompt", "KING", "--max-tokens", "300", "--seed", "3");
        String generated = free.out().substring("KING".length());
        int newline = generated.indexOf('\n');
        assertTrue(newline >= 0 && newline < generated.length() - 1, "no newline in 300 characters:\n" + free.out());
        CliRun stopped = CliRun.of("generate", "--run", run.toString(), "--prompt", "KING", "--max-tokens", "300", "--seed", "3",
                "--stop", "\\n");
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertEquals("KING" + generated.substring(0, newline) + "\n", stopped.out());
    }

    @Test
    void aChainOfSamplersRunsAndItsMistakesNameTheKey() {
        CliRun chain = CliRun.of("generate", "--run", run.toString(), "--prompt", "KING", "--max-tokens", "50", "--seed", "1",
                "--set", "sampler=repetition-penalty,top-k,top-p,min-p,temperature", "--set", "sampler.top-k.k=20",
                "--set", "sampler.top-p.p=0.95", "--set", "sampler.temperature.value=0.7");
        assertEquals(0, chain.exitCode(), chain.toString());
        assertEquals("KING".length() + 50 + 1, chain.out().length());
        CliRun unknown = CliRun.of("generate", "--run", run.toString(), "--set", "sampler=top-k,nucleus");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("minigpt: unknown sampler 'nucleus' (key sampler): known samplers are dry, greedy, logit-bias, min-p, mirostat, "),
                unknown.err());
        CliRun badP = CliRun.of("generate", "--run", run.toString(), "--set", "sampler=top-p", "--set", "sampler.top-p.p=1.5");
        assertEquals("minigpt: sampler.top-p.p must be in (0, 1], was 1.5\n", badP.err());
        CliRun empty = CliRun.of("generate", "--run", run.toString(), "--set", "sampler=top-k,,greedy");
        assertEquals("minigpt: sampler has an empty name in its chain; write names separated by commas, e.g. sampler=top-k,temperature\n",
                empty.err());
    }

    @Test
    void theModernSamplersRepeatWithASeedAndStopAtAStopString() {
        for (List<String> sampler : List.of(List.of("sampler=typical-p", "sampler.typical-p.p=0.8"),
                List.of("sampler=mirostat", "sampler.mirostat.tau=2.5"), List.of("sampler=dry,temperature"),
                List.of("sampler=xtc", "sampler.xtc.threshold=0.15"), List.of("sampler=logit-bias,top-k", "sampler.logit-bias.text=\"e\"=-2"))) {
            List<String> args = new ArrayList<>(List.of("generate", "--run", run.toString(), "--prompt", "KING", "--max-tokens", "200",
                    "--seed", "5"));
            sampler.forEach(setting -> args.addAll(List.of("--set", setting)));
            CliRun first = CliRun.of(args.toArray(String[]::new));
            CliRun again = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, first.exitCode(), first.toString());
            assertEquals(first.out(), again.out(), sampler.toString());
            assertEquals("KING".length() + 200 + 1, first.out().length(), sampler + ": " + first.out());
            int newline = first.out().indexOf('\n', "KING".length());
            if (newline < first.out().length() - 1) {
                args.addAll(List.of("--stop", "\\n"));
                assertEquals(first.out().substring(0, newline) + "\n", CliRun.of(args.toArray(String[]::new)).out(), sampler.toString());
            }
        }
    }

    @Test
    void dryLeavesNoRepeatLongerThanItAllowsAndLogitBiasBansAText() {
        String[] base = {"generate", "--run", run.toString(), "--prompt", "KING", "--max-tokens", "300", "--seed", "2"};
        assertTrue(hasRepeated4Gram(CliRun.of(base).out().strip()), "plain sampling repeats itself");
        CliRun dry = CliRun.of(CliRun.concat(base, "--set", "sampler=dry,temperature", "--set", "sampler.dry.multiplier=1000",
                "--set", "sampler.dry.allowed_length=3", "--set", "sampler.dry.breakers="));
        assertEquals(0, dry.exitCode(), dry.toString());
        assertFalse(hasRepeated4Gram(dry.out().strip()), dry.out());
        CliRun banned = CliRun.of(CliRun.concat(base, "--set", "sampler=logit-bias,temperature", "--set",
                "sampler.logit-bias.text=\"\\n\"=-inf,\" \"=-inf"));
        assertEquals(0, banned.exitCode(), banned.toString());
        assertFalse(banned.out().strip().contains("\n") || banned.out().contains(" "), banned.out());
        CliRun unwritable = CliRun.of(CliRun.concat(base, "--set", "sampler=logit-bias", "--set", "sampler.logit-bias.text=\"\u00e9\"=2"));
        assertEquals(2, unwritable.exitCode());
        assertTrue(unwritable.err().startsWith("minigpt: sampler.logit-bias.text: the char tokenizer never saw "), unwritable.err());
    }

    private static boolean hasRepeated4Gram(String text) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i + 4 <= text.length(); i++) {
            if (!seen.add(text.substring(i, i + 4))) {
                return true;
            }
        }
        return false;
    }

    // The generated text may end in whitespace that the comparison above strips; count it back.
    private static int trailingWhitespace(String out) {
        String withoutNewline = out.substring(0, out.length() - 1);
        return withoutNewline.length() - withoutNewline.stripTrailing().length();
    }
}
