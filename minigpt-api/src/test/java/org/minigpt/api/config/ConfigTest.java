package org.minigpt.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @Test
    void aPluginSeesOnlyItsOwnSectionWithThePrefixStripped() {
        Config config = Config.of(Map.of("sampler", "top-k", "sampler.top-k.k", "5", "sampler.temperature.value", "0.7",
                "model.layers", "2"));
        PluginConfig topK = config.section("sampler.top-k");
        assertEquals(5, topK.integer("k", 10));
        assertEquals(false, topK.has("value"));
        assertEquals("top-k", config.pluginName("sampler", "greedy"));
        assertEquals("char", config.pluginName("tokenizer", "char"));
    }

    @Test
    void settingsOverrideTheFileAndEveryReadValueIsRemembered(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.properties");
        Files.writeString(file, "# a comment\nmodel.layers = 6\nmodel.heads=2\nprompt=Ünïcödé\n", StandardCharsets.UTF_8);
        Config config = Config.load(file).with("model.layers", "3");
        PluginConfig model = config.section("model");
        assertEquals(3, model.integer("layers", 4));
        assertEquals(128, model.integer("d_model", 128));
        assertEquals(Map.of("model.layers", "3", "model.d_model", "128"), model.resolved());
        assertEquals("Ünïcödé", config.get("prompt").orElseThrow());
    }

    @Test
    void aWindowsEditorsFileWithAByteOrderMarkAndCrlfReadsAsMeant(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("windows.properties");
        Files.writeString(file, "\uFEFFmodel.layers=2\r\nmodel.heads = 4\r\n# note\r\nsampler=top-k\r\n", StandardCharsets.UTF_8);
        Config config = Config.load(file);
        assertEquals(Map.of("model.layers", "2", "model.heads", "4", "sampler", "top-k"), config.asMap());
    }

    @Test
    void storedConfigReadsBackEqual(@TempDir Path dir) throws Exception {
        Config config = Config.of(Map.of("a.b", "x = y: z", "c", " leading space", "d", "tab\there", "é", "ü#!"));
        Path file = dir.resolve("config.properties");
        config.store(file, "test");
        assertEquals(config.with(Map.of("c", "leading space")), Config.load(file));
    }

    @Test
    void malformedValuesNameTheKeyAndTheExpectedType() {
        PluginConfig model = new PluginConfig("model", Map.of("layers", "four", "dropout", "lots", "seed", "1.5"));
        assertEquals("model.layers was 'four' but it must be an integer",
                assertThrows(ConfigException.class, () -> model.integer("layers", 4)).getMessage());
        assertEquals("model.dropout was 'lots' but it must be a number",
                assertThrows(ConfigException.class, () -> model.decimal("dropout", 0.1)).getMessage());
        assertEquals("model.seed was '1.5' but it must be an integer",
                assertThrows(ConfigException.class, () -> model.longInteger("seed", 1)).getMessage());
    }

    @Test
    void rangeChecksNameTheKeyTheRangeAndTheValue() {
        assertEquals("model.layers must be an integer >= 1, was 0",
                assertThrows(ConfigException.class, () -> ConfigException.requireAtLeast("model.layers", 0, 1)).getMessage());
        assertEquals("optimizer.lr must be a number > 0, was -0.1",
                assertThrows(ConfigException.class, () -> ConfigException.requirePositive("optimizer.lr", -0.1)).getMessage());
        assertEquals("model.dropout must be in [0.0, 1.0), was 1.0",
                assertThrows(ConfigException.class,
                        () -> ConfigException.requireInHalfOpenRange("model.dropout", 1.0, 0, 1)).getMessage());
        assertEquals(0.5, ConfigException.requireInClosedRange("x", 0.5, 0, 1));
    }

    @Test
    void aMissingConfigFileOrABadAssignmentIsOneClearLine(@TempDir Path dir) {
        assertEquals("config file " + dir.resolve("nope.properties") + " does not exist",
                assertThrows(ConfigException.class, () -> Config.load(dir.resolve("nope.properties"))).getMessage());
        assertEquals("'layers' is not key=value, e.g. --set model.layers=2",
                assertThrows(ConfigException.class, () -> Config.parseAssignment("layers")).getMessage());
        assertEquals(Map.entry("model.layers", "2"), Config.parseAssignment(" model.layers = 2 "));
    }
}
