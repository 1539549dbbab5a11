package org.minigpt.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;

/**
 * What every tokenizer must do. A tokenizer plugin's test extends this (from the minigpt-api
 * test-jar) and names its factory.
 */
public abstract class TokenizerContract {
    protected static final String SAMPLE = """
            ROMEO:
            But, soft! what light through yonder window breaks?
            It is the east, and Juliet is the sun.
            """;

    protected abstract TokenizerFactory factory();

    protected PluginConfig config() {
        return new PluginConfig("tokenizer", Map.of());
    }

    @Test
    void idsLieInTheVocabularyAndDecodeBackToTheText() {
        Tokenizer tokenizer = factory().train(SAMPLE, config());
        int[] ids = tokenizer.encode(SAMPLE);
        for (int id : ids) {
            assertTrue(id >= 0 && id < tokenizer.vocabSize(), "id " + id + " outside [0, " + tokenizer.vocabSize() + ")");
        }
        assertEquals(SAMPLE, tokenizer.decode(ids));
    }

    @Test
    void aSavedTokenizerLoadsBackTheSame(@TempDir Path runDir) throws Exception {
        Tokenizer tokenizer = factory().train(SAMPLE, config());
        tokenizer.save(runDir);
        Tokenizer loaded = factory().load(runDir, config());
        assertEquals(tokenizer.vocabSize(), loaded.vocabSize());
        assertEquals(java.util.Arrays.toString(tokenizer.encode(SAMPLE)), java.util.Arrays.toString(loaded.encode(SAMPLE)));
    }
}
