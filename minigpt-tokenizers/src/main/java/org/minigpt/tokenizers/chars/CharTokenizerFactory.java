package org.minigpt.tokenizers.chars;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import java.io.IOException;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.api.tokenizer.TrainingCorpus;
import org.minigpt.tokenizers.TokenizerFile;

/** {@code tokenizer=char}: the alphabet of the training text, saved in the run's {@code tokenizer.json}. */
@AutoService(TokenizerFactory.class)
public final class CharTokenizerFactory implements TokenizerFactory {

    @Override
    public String name() {
        return CharTokenizer.NAME;
    }

    @Override
    public String description() {
        return "one token per character of the training text (the tutorial's tokenizer)";
    }

    @Override
    public Tokenizer train(String trainingText, PluginConfig config) {
        return CharTokenizer.learn(trainingText);
    }

    @Override
    public Tokenizer train(TrainingCorpus corpus, PluginConfig config) {
        return CharTokenizer.learn(corpus);
    }

    @Override
    public Tokenizer load(Path runDir, PluginConfig config) throws IOException {
        JsonNode symbols = TokenizerFile.read(runDir, CharTokenizer.NAME).path("symbols");
        if (!symbols.isArray() || symbols.isEmpty()) {
            throw new MinigptException(runDir.resolve(TokenizerFile.FILE_NAME) + " has no symbols array");
        }
        int[] codePoints = new int[symbols.size()];
        for (int i = 0; i < codePoints.length; i++) {
            String symbol = symbols.get(i).asText("");
            if (symbol.codePointCount(0, symbol.length()) != 1) {
                throw new MinigptException(runDir.resolve(TokenizerFile.FILE_NAME) + ": symbol " + i
                        + " is not one character");
            }
            codePoints[i] = symbol.codePointAt(0);
        }
        return new CharTokenizer(codePoints);
    }
}
