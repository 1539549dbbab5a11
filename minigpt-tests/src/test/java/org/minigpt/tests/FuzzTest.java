package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random config keys and values, and random damage to a saved run: whatever the input, the CLI ends
 * with exit 0 or one clear line and exit 2, never an internal error, a stack trace or a hang.
 *
 * <p>Each case is drawn from its own seed, shown in its name; {@code -Dminigpt.fuzz.seed} and
 * {@code -Dminigpt.fuzz.cases} replay or widen the search. A seeded generator and JUnit's dynamic
 * tests are all this needs: the inputs are strings and bytes, and a failing case is replayed by its seed.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("minigpt.fuzz.seed", 20261124L);
    private static final int CASES = Integer.getInteger("minigpt.fuzz.cases", 100);
    private static final Duration HANG = Duration.ofMinutes(2);
    private static final String[] VALUES = {"", " ", "abc", "-1", "0", "1", "2", "3", "4", "7", "0.5", "-0.5", "1e-3", "1.0",
        "NaN", "Infinity", "-Infinity", "1e400", "99999999999999999999", "0x10", "1,5", "true", "\u221e", "\u0000", "=",
        "a=b", "../../etc/passwd", "char", "byte", "bpe", "gpt", "adamw", "sgd", "greedy", "top-k,temperature", "constant",
        "cosine", ",", "top-k,,top-p"};
    private static final String[] EXTRA_KEYS = {"model", "tokenizer", "optimizer", "sampler", "train", "data.file",
        "sampler.temperature.value", "sampler.top-k.k", "sampler.top-p.p", "sampler.min-p.p", "sampler.repetition-penalty.penalty",
        "", " ", "model.", ".layers", "x", "model..layers", "MODEL.LAYERS", "train.steps.extra"};

    @TempDir
    static Path dir;
    static Path text;
    static Path trained;
    static List<String> knownKeys;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        text = TestData.shakespeareSlice(dir, 6_000);
        trained = dir.resolve("trained");
        CliRun result = CliRun.of("train", "--data", text.toString(), "--run", trained.toString(), "--set", "train.steps=4",
                "--set", "train.eval_interval=2", "--set", "train.checkpoint_interval=2", "--set", "train.keep_checkpoints=2",
                "--set", "train.eval_batches=1", "--set", "train.batch_size=2", "--set", "model.layers=1",
                "--set", "model.d_model=8", "--set", "model.heads=2", "--set", "model.context_length=8");
        assertEquals(0, result.exitCode(), result.toString());
        knownKeys = Files.readAllLines(trained.resolve("config.properties")).stream()
                .filter(line -> !line.startsWith("#") && line.contains("="))
                .map(line -> line.substring(0, line.indexOf('=')).replace("\\", "")).toList();
    }

    @TestFactory
    Stream<DynamicTest> randomConfigKeysAndValues() {
        return IntStream.range(0, CASES).mapToObj(i -> SEED + i).map(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            List<String> args = new ArrayList<>();
            boolean generate = random.nextBoolean();
            if (generate) {
                args.addAll(List.of("generate", "--run", trained.toString(), "-n", "3", "--seed", "1"));
            } else {
                // A tiny model for two steps, which the random settings below may change.
                args.addAll(List.of("train", "--data", text.toString(), "--run", dir.resolve("config-" + seed).toString(),
                        "--set", "train.steps=2", "--set", "train.eval_batches=1", "--set", "train.batch_size=2",
                        "--set", "model.layers=1", "--set", "model.d_model=8", "--set", "model.heads=2",
                        "--set", "model.context_length=8"));
            }
            for (int pair = 1 + random.nextInt(3); pair > 0; pair--) {
                args.add("--set");
                args.add(randomKey(random) + "=" + VALUES[random.nextInt(VALUES.length)]);
            }
            return DynamicTest.dynamicTest("seed " + seed + ": " + String.join(" ", args.subList(0, 1)) + " "
                    + String.join(" ", args.subList(generate ? 6 : 19, args.size())), () -> assertEndsCleanly(args));
        });
    }

    @TestFactory
    Stream<DynamicTest> randomDamageToASavedRun() {
        return IntStream.range(0, CASES).mapToObj(i -> SEED + 1000 + i).map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            SplittableRandom random = new SplittableRandom(seed);
            Path run = TestData.copyTree(trained, dir.resolve("damaged-" + seed));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(run)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            Path victim = files.get(random.nextInt(files.size()));
            Path older = run.resolve("checkpoints/step-0000002/weights.npz");
            byte[] olderBefore = victim.equals(older) ? null : Files.readAllBytes(older);
            damage(victim, random);

            assertEndsCleanly(List.of("generate", "--run", run.toString(), "--checkpoint", "latest", "-n", "3", "--seed", "1"));
            assertEndsCleanly(List.of("info", run.toString()));
            assertEndsCleanly(List.of("train", "--resume", run.toString(), "--set", "train.steps=5",
                    "--set", "train.keep_checkpoints=5"));
            if (olderBefore != null) {
                assertArrayEquals(olderBefore, Files.readAllBytes(older), "the undamaged older checkpoint is untouched");
            }
        }));
    }

    private static String randomKey(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> knownKeys.get(random.nextInt(knownKeys.size()));
            case 2 -> EXTRA_KEYS[random.nextInt(EXTRA_KEYS.length)];
            default -> {
                StringBuilder key = new StringBuilder(knownKeys.get(random.nextInt(knownKeys.size())));
                int at = random.nextInt(key.length());
                if (random.nextBoolean()) {
                    key.deleteCharAt(at);
                } else {
                    key.insert(at, (char) ('a' + random.nextInt(26)));
                }
                yield key.toString();
            }
        };
    }

    /** Flips bytes, cuts the file short, empties it, appends to it, or fills it with noise. */
    private static void damage(Path file, SplittableRandom random) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] damaged = switch (random.nextInt(5)) {
            case 0 -> {
                byte[] flipped = bytes.clone();
                for (int i = 1 + random.nextInt(8); i > 0 && flipped.length > 0; i--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
                }
                yield flipped;
            }
            case 1 -> Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            case 2 -> new byte[0];
            case 3 -> {
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(64));
                for (int i = bytes.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                yield longer;
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(Math.max(1, bytes.length))];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (byte) random.nextInt(256);
                }
                yield noise;
            }
        };
        Files.write(file, damaged);
    }

    /** Exit 0, or exit 2 whose last stderr line is the one error (notes may come before it); never a trace or a hang. */
    private static void assertEndsCleanly(List<String> args) {
        CliRun result = assertTimeoutPreemptively(HANG, () -> CliRun.of(args.toArray(String[]::new)), () -> "hung: " + args);
        String report = String.join(" ", args) + "\n" + result;
        assertFalse(result.err().contains("internal error"), report);
        assertFalse(result.err().contains("\tat ") || result.out().contains("\tat "), report);
        if (result.exitCode() == 0) {
            return;
        }
        assertEquals(2, result.exitCode(), report);
        List<String> lines = result.err().lines().toList();
        assertFalse(lines.isEmpty(), report);
        String error = lines.get(lines.size() - 1);
        assertTrue(error.startsWith("minigpt: ") || error.startsWith("minigpt " + args.get(0) + ": ")
                || error.startsWith("Run 'minigpt "), report);
        assertTrue(lines.subList(0, lines.size() - 1).stream().allMatch(line -> line.startsWith("note: ")
                || line.startsWith("minigpt " + args.get(0) + ": ")), report);
    }
}
