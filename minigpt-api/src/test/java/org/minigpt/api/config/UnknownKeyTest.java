package org.minigpt.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnknownKeyTest {
    private static final List<String> KNOWN = List.of("model.layers", "model.heads", "train.steps", "optimizer.lr", "tokenizer");

    @Test
    void aMisspeltKeyNamesTheNearestKnownKey() {
        assertEquals("unknown config key model.layer; did you mean model.layers?", message(Map.of("model.layer", "2")));
        assertEquals("unknown config key optimzer.lr; did you mean optimizer.lr?", message(Map.of("optimzer.lr", "1")));
        assertEquals("unknown config key train.setps; did you mean train.steps?", message(Map.of("train.setps", "9")));
    }

    @Test
    void aKeyFarFromEveryKnownKeyPointsToTheDocumentation() {
        assertEquals("unknown config key colour; minigpt settings lists every key (docs/configuration.md)", message(Map.of("colour", "red")));
    }

    @Test
    void knownAndIgnoredKeysPass() {
        Config.of(Map.of("model.layers", "2", "sampler.top-k.k", "3"))
                .requireKnown(KNOWN, key -> key.startsWith("sampler."));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, KeySuggestion.distance("steps", "steps"));
        assertEquals(1, KeySuggestion.distance("step", "steps"));
        assertEquals(2, KeySuggestion.distance("setps", "steps"));
        assertEquals(3, KeySuggestion.distance("kitten", "sitting"));
    }

    private static String message(Map<String, String> values) {
        return assertThrows(ConfigException.class, () -> Config.of(values).requireKnown(KNOWN, key -> false)).getMessage();
    }
}
