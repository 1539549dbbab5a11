package org.minigpt.core.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.api.tokenizer.Tokenizer;

/**
 * A run's tokenizer with the chat template's special tokens after its own ids. Text never encodes to a
 * special token, whatever it holds (the text {@code "<|end|>"} is its characters), so only the template
 * can place them; decoding writes them by name.
 */
public final class ChatTokenizer implements Tokenizer {
    private final Tokenizer text;
    private final List<String> specials;

    public ChatTokenizer(Tokenizer text, List<String> specials) {
        this.text = text;
        this.specials = List.copyOf(specials);
    }

    /** The tokenizer of plain text, whose ids come first. */
    public Tokenizer text() {
        return text;
    }

    /** The id of special token {@code name}, e.g. {@code <|end|>}. */
    public int special(String name) {
        int index = specials.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no special token " + name + " in " + specials);
        }
        return text.vocabSize() + index;
    }

    public boolean isSpecial(int id) {
        return id >= text.vocabSize();
    }

    @Override
    public int textTokens() {
        return text.vocabSize();
    }

    @Override
    public int vocabSize() {
        return text.vocabSize() + specials.size();
    }

    @Override
    public int[] encode(String value) {
        return text.encode(value);
    }

    @Override
    public String decode(int[] tokens) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= tokens.length; i++) {
            if (i == tokens.length || isSpecial(tokens[i])) {
                if (i > from) {
                    out.append(text.decode(java.util.Arrays.copyOfRange(tokens, from, i)));
                }
                if (i < tokens.length) {
                    out.append(specials.get(tokens[i] - text.vocabSize()));
                }
                from = i + 1;
            }
        }
        return out.toString();
    }

    /** The text tokenizer's form with the template's tokens as special tokens after it. */
    @Override
    public Optional<ByteLevelForm> byteLevelForm() {
        return text.byteLevelForm().map(form -> form.withSpecials(specials));
    }

    /** The text tokenizer's files: the special tokens are the template's, named in the run's config. */
    @Override
    public void save(Path runDir) throws IOException {
        text.save(runDir);
    }
}
