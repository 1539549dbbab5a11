package org.minigpt.studio;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.Parts;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.corpus.PreparedCorpus;

/**
 * The vocabulary size each tokenizer setting gives on the studio's text, found as {@code params}
 * finds it (by training the tokenizer) once per setting: a slider moved back and forth reuses it. On a
 * prepared corpus the tokenizer is the corpus's, whatever the page asks for.
 */
final class Vocabularies {
    private final Plugins plugins;
    private final String text;
    private final Manifest corpus;
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

    private Vocabularies(Plugins plugins, String text, Manifest corpus) {
        this.plugins = plugins;
        this.text = text;
        this.corpus = corpus;
    }

    /** For the text in {@code dataFile}, or the prepared corpus it names (then {@code text} is unused). */
    static Vocabularies of(Plugins plugins, Path dataFile, String text) {
        return PreparedCorpus.isFolder(dataFile) ? new Vocabularies(plugins, null, Manifest.read(dataFile))
                : new Vocabularies(plugins, text, null);
    }

    /** The page's settings with the tokenizer a run will have: on a prepared corpus, the corpus's. */
    Config withTokenizer(Config requested) {
        if (corpus == null) {
            return requested;
        }
        Map<String, String> config = new TreeMap<>(requested.asMap());
        config.keySet().removeIf(key -> key.equals(Plugins.TOKENIZER) || key.startsWith(Plugins.TOKENIZER + "."));
        config.putAll(corpus.tokenizer());
        return Config.of(config);
    }

    int size(Config config) {
        if (corpus != null) {
            return corpus.vocabSize();
        }
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
