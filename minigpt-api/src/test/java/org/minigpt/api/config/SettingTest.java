package org.minigpt.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Integer> K = Setting.integer("k", 10, Range.atLeast(1), "keep the k most likely tokens");
    private static final Setting<Double> P = Setting.decimal("p", 0.9, Range.aboveAndAtMost(0, 1), "probability mass kept");

    @Test
    void readsTheValueOrTheDefaultAndRemembersIt() {
        PluginConfig config = new PluginConfig("sampler.top-k", Map.of("k", "40"));
        assertEquals(40, config.get(K));
        assertEquals(Map.of("sampler.top-k.k", "40"), config.resolved());
        PluginConfig empty = new PluginConfig("sampler.top-p", Map.of());
        assertEquals(0.9, empty.get(P));
        assertEquals(Map.of("sampler.top-p.p", "0.9"), empty.resolved());
    }

    @Test
    void eachKindOfBoundHasOneMessageNamingTheFullKey() {
        PluginConfig zero = new PluginConfig("sampler.top-k", Map.of("k", "0"));
        assertEquals("sampler.top-k.k must be an integer >= 1, was 0", assertThrows(ConfigException.class, () -> zero.get(K)).getMessage());
        PluginConfig two = new PluginConfig("sampler.top-p", Map.of("p", "2"));
        assertEquals("sampler.top-p.p must be in (0, 1], was 2.0", assertThrows(ConfigException.class, () -> two.get(P)).getMessage());
        assertEquals("m.x must be in [0.0, 1.0], was 1.5",
                assertThrows(ConfigException.class, () -> Range.closed(0, 1).require("m.x", 1.5)).getMessage());
        assertEquals("m.x must be a number > 1, was 1.0",
                assertThrows(ConfigException.class, () -> Range.above(1).require("m.x", 1.0)).getMessage());
        assertEquals("m.v must be an integer >= 257 (256 bytes + 1 special token), was 100", assertThrows(ConfigException.class,
                () -> Setting.integer("v", 512, Range.atLeast(257), "").because("256 bytes + 1 special token").check("m", 100))
                .getMessage());
        PluginConfig text = new PluginConfig("sampler.top-k", Map.of("k", "many"));
        assertEquals("sampler.top-k.k was 'many' but it must be an integer",
                assertThrows(ConfigException.class, () -> text.get(K)).getMessage());
    }

    @Test
    void aSectionMadeFromTypedValuesReadsThemBack() {
        PluginConfig typed = PluginConfig.of("sampler.top-k", Map.of(K, 40));
        assertEquals(40, typed.get(K));
        assertEquals(0.5, PluginConfig.of("sampler.top-p", Map.of(P, 0.5)).get(P));
        assertEquals("sampler.top-k.k must be an integer >= 1, was 0",
                assertThrows(ConfigException.class, () -> PluginConfig.of("sampler.top-k", Map.of(K, 0)).get(K)).getMessage());
    }

    @Test
    void aChoiceOutsideTheChoicesIsNamedWithThem() {
        Setting<String> pattern = Setting.choice("pattern", "gpt2", List.of("gpt2", "gpt4", "none"), "");
        assertEquals("gpt4", pattern.check("tokenizer.bpe", "gpt4"));
        assertEquals("tokenizer.bpe.pattern must be gpt2, gpt4 or none, was 'gpt3'",
                assertThrows(ConfigException.class, () -> pattern.check("tokenizer.bpe", "gpt3")).getMessage());
        assertEquals("diloco.model must be average or outer, was 'mean'", assertThrows(ConfigException.class,
                () -> Setting.choice("model", "average", List.of("average", "outer"), "").check("diloco", "mean")).getMessage());
    }

    @Test
    void describesItselfForTheDocs() {
        assertEquals("≥ 1", K.allowed());
        assertEquals("(0, 1]", P.allowed());
        assertEquals("10", K.defaultText());
        assertEquals("1e-8", Setting.decimal("epsilon", 1e-8, Range.positive(), "").defaultText());
        assertEquals("gpt2, gpt4", Setting.choice("pattern", "gpt2", List.of("gpt2", "gpt4"), "").allowed());
        assertEquals("the machine's cores", K.defaultDescribed("the machine's cores").defaultText());
    }
}
