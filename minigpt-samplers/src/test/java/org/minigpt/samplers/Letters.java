package org.minigpt.samplers;

import java.nio.file.Path;
import org.minigpt.api.MinigptException;
import org.minigpt.api.tokenizer.Tokenizer;

/** A tokenizer for tests: one token per character of a fixed alphabet, id = its place in it. */
public record Letters(String alphabet) implements Tokenizer {
    @Override
    public int vocabSize() {
        return alphabet.length();
    }

    @Override
    public int[] encode(String text) {
        return text.chars().map(c -> {
            int id = alphabet.indexOf(c);
            if (id < 0) {
                throw new MinigptException("no token for '" + (char) c + "'");
            }
            return id;
        }).toArray();
    }

    @Override
    public String decode(int[] tokens) {
        StringBuilder text = new StringBuilder();
        for (int token : tokens) {
            text.append(alphabet.charAt(token));
        }
        return text.toString();
    }

    @Override
    public void save(Path runDir) {
        throw new UnsupportedOperationException("a test tokenizer is not saved");
    }
}
