package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;

/** Every built-in plugin is found by name on the CLI's class path, through ServiceLoader alone. */
class PluginDiscoveryTest {
    private final Plugins plugins = Plugins.discover(getClass().getClassLoader());

    @Test
    void everyBuiltInPluginIsDiscoveredByName() {
        assertEquals(List.of("bpe", "byte", "char"), List.copyOf(plugins.tokenizers().names()));
        assertEquals(List.of("gpt"), List.copyOf(plugins.models().names()));
        assertEquals(List.of("adamw", "sgd"), List.copyOf(plugins.optimizers().names()));
        assertTrue(plugins.samplers().names().containsAll(List.of("greedy", "temperature", "top-k")));
        plugins.all().forEach(registry -> assertEquals(List.of(), registry.problems()));
    }

    @Test
    void anUnknownNameOfEachKindListsTheKnownOnes() {
        assertEquals("unknown tokenizer 'bpe2' (key tokenizer): known tokenizers are bpe, byte, char",
                message(() -> plugins.tokenizers().get("bpe2")));
        assertEquals("unknown model 'llama' (key model): known models are gpt", message(() -> plugins.models().get("llama")));
        assertEquals("unknown optimizer 'adam' (key optimizer): known optimizers are adamw, sgd",
                message(() -> plugins.optimizers().get("adam")));
        assertTrue(message(() -> plugins.samplers().get("topk")).startsWith("unknown sampler 'topk' (key sampler): known samplers are dry, greedy, "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"char", "byte", "bpe"})
    void tinyShakespeareRoundTripsThroughEachTokenizer(String name) throws Exception {
        String text = Files.readString(TestData.tinyShakespeare());
        Tokenizer tokenizer = plugins.tokenizers().get(name).train(text, new PluginConfig("tokenizer", Map.of()));
        int[] ids = tokenizer.encode(text);
        assertEquals(text, tokenizer.decode(ids));
        assertEquals(Map.of("char", 65, "byte", 256, "bpe", 512).get(name), tokenizer.vocabSize());
        if (name.equals("bpe")) {
            assertTrue(ids.length < 1_115_394 / 1.8, "BPE-512 packs about two characters a token: " + ids.length);
        } else {
            assertEquals(1_115_394, ids.length, "TinyShakespeare is ASCII: one token per character either way");
        }
    }

    @Test
    void thePluginsCommandListsEachPluginWithItsJar() {
        CliRun result = CliRun.of("plugins");
        assertEquals(0, result.exitCode(), result.toString());
        for (String row : List.of("tokenizer +char +minigpt-tokenizers", "tokenizer +byte +minigpt-tokenizers",
                "tokenizer +bpe +minigpt-tokenizers",
                "model +gpt +minigpt-samediff", "optimizer +adamw +minigpt-samediff", "optimizer +sgd +minigpt-samediff",
                "sampler +greedy +minigpt-samplers", "sampler +temperature +minigpt-samplers", "sampler +top-k +minigpt-samplers")) {
            assertTrue(result.out().lines().anyMatch(line -> line.matches(row + ".*")), row + " missing:\n" + result.out());
        }
    }

    private static String message(Runnable action) {
        try {
            action.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void aPluginFileThatIsNotAReadableJarIsNamedAndSkipped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws Exception {
        java.nio.file.Path broken = Files.write(folder.resolve("half-copied.jar"), new byte[] {'P', 'K', 3, 4, 0, 0});
        CliRun listed = CliRun.of("plugins", "--plugins", folder.toString());
        assertEquals(0, listed.exitCode(), listed.toString());
        assertTrue(listed.err().startsWith("warning: plugin jar " + broken + " is not a readable jar ("), listed.err());
        assertTrue(listed.err().strip().endsWith("), so it was skipped; replace or remove it"), listed.err());
        assertTrue(listed.out().contains("sampler"), "the other plugins still load");
    }
}
