package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party sampler as a user adds one: minigpt-example-sampler's jar in a plugins folder
 * (the build copies it to target/plugins; it is not on this test's class path), selected by name.
 */
class ExamplePluginTest {
    @TempDir
    static Path dir;
    private static Path run;
    private static String plugins;

    @BeforeAll
    static void trainASmallRun() throws Exception {
        plugins = System.getProperty("minigpt.example.plugins");
        assertTrue(plugins != null && Files.isDirectory(Path.of(plugins)), "no plugins folder at " + plugins);
        run = dir.resolve("run");
        CliRun training = CliRun.of("train", "--data", TestData.shakespeareSlice(dir, 100_000).toString(), "--run", run.toString(),
                "--set", "train.steps=30", "--set", "train.batch_size=8", "--set", "train.eval_batches=1",
                "--set", "model.layers=1", "--set", "model.d_model=32", "--set", "model.context_length=16",
                "--set", "optimizer.lr=3e-3");
        assertEquals(0, training.exitCode(), training.toString());
    }

    @Test
    void theExampleSamplerIsNotOnTheClassPathOfItself() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.minigpt.example.norepeat.NoRepeatSamplerFactory"));
        CliRun result = CliRun.of("generate", "--run", run.toString(), "--set", "sampler=no-repeat");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("minigpt: unknown sampler 'no-repeat' (key sampler): known samplers are"), result.err());
    }

    @Test
    void thePluginsCommandListsTheDroppedInJar() {
        CliRun result = CliRun.of("plugins", "--plugins", plugins);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().lines().anyMatch(line -> line.matches("sampler +no-repeat +minigpt-example-sampler-.*\\.jar .*")),
                result.out());
    }

    @Test
    void selectedByNameItChangesTheText() {
        // Greedy decoding of a barely trained model falls into short loops ("t t t");
        // no-repeat with window 3 forbids any character seen in the three before it.
        CliRun greedy = CliRun.of("generate", "--plugins", plugins, "--run", run.toString(), "--prompt", "A",
                "--max-tokens", "300", "--set", "sampler=greedy");
        CliRun noRepeat = CliRun.of("generate", "--plugins", plugins, "--run", run.toString(), "--prompt", "A",
                "--max-tokens", "300", "--set", "sampler=no-repeat,greedy", "--set", "sampler.no-repeat.window=3");
        assertEquals(0, greedy.exitCode(), greedy.toString());
        assertEquals(0, noRepeat.exitCode(), noRepeat.toString());
        assertTrue(repeatsWithin(withoutNewline(greedy.out()), 3), "greedy output had no short repeat:\n" + greedy);
        assertFalse(repeatsWithin(withoutNewline(noRepeat.out()), 3), "no-repeat let a character repeat:\n" + noRepeat);
        assertEquals(1 + 300, noRepeat.out().length() - 1, "prompt + 300 characters + newline");
    }

    private static String withoutNewline(String out) {
        return out.substring(0, out.length() - 1);
    }

    /** Whether some character equals one of the {@code window} characters before it. */
    private static boolean repeatsWithin(String text, int window) {
        for (int i = 1; i < text.length(); i++) {
            for (int back = 1; back <= window && back <= i; back++) {
                if (text.charAt(i) == text.charAt(i - back)) {
                    return true;
                }
            }
        }
        return false;
    }
}
