package org.minigpt.studio;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.Parts;

/**
 * The vocabulary size each tokenizer setting gives on the studio's text, found as {@code params}
 * finds it (by training the tokenizer) once per setting: a slider moved back and forth reuses it.
 */
final class Vocabularies {
    private final Plugins plugins;
    private final String text;
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

    Vocabularies(Plugins plugins, String text) {
        this.plugins = plugins;
        this.text = text;
    }

    int size(Config config) {
        TokenizerFactory tokenizers = new Parts(plugins).tokenizer(config);
        String name = tokenizers.name();
        Map<String, String> settings = new TreeMap<>();
        config.asMap().forEach((key, value) -> {
            if (key.startsWith(Plugins.TOKENIZER + ".")) {
                settings.put(key, value);
            }
        });
        return sizes.computeIfAbsent(name + settings, key ->
                tokenizers.train(text, config.section(Plugins.TOKENIZER)).vocabSize());
    }
}
