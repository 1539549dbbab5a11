package org.minigpt.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.core.chat.ChatTemplate;

/**
 * A run's tokens as both formats write them: each token's text in GPT-2's byte alphabet (a special token as its
 * name), which are special, the merges as "left right", and the ids that end text and turns.
 */
final class ExportedVocabulary {
    private final ByteLevelForm form;
    private final List<String> tokens = new ArrayList<>();
    private final List<String> merges = new ArrayList<>();

    ExportedVocabulary(ByteLevelForm form) {
        this.form = form;
        for (ByteLevelForm.Token token : form.tokens()) {
            tokens.add(token.special() ? new String(token.bytes(), StandardCharsets.UTF_8) : ByteAlphabet.text(token.bytes()));
        }
        for (ByteLevelForm.Merge merge : form.merges()) {
            merges.add(ByteAlphabet.text(merge.left()) + " " + ByteAlphabet.text(merge.right()));
        }
    }

    List<String> tokens() {
        return tokens;
    }

    List<String> merges() {
        return merges;
    }

    int size() {
        return tokens.size();
    }

    boolean isSpecial(int id) {
        return form.tokens().get(id).special();
    }

    ByteLevelForm.Split split() {
        return form.split();
    }

    OptionalInt idOf(String special) {
        for (int id = 0; id < tokens.size(); id++) {
            if (isSpecial(id) && tokens.get(id).equals(special)) {
                return OptionalInt.of(id);
            }
        }
        return OptionalInt.empty();
    }

    boolean isChat() {
        return idOf(ChatTemplate.END).isPresent();
    }

    /**
     * The id that ends generation: a chat run's {@code <|end|>}, a BPE run's {@code <|endoftext|>}; a byte run's
     * 0xFF, which UTF-8 text never holds; a char run has none, so its newline (generation stops at a line's end).
     */
    int endOfText() {
        OptionalInt end = idOf(ChatTemplate.END);
        if (end.isEmpty()) {
            end = idOf("<|endoftext|>");
        }
        if (end.isPresent()) {
            return end.getAsInt();
        }
        int byteFF = tokens.indexOf(ByteAlphabet.text(new byte[] {(byte) 0xFF}));
        if (byteFF >= 0) {
            return byteFF;
        }
        int newline = tokens.indexOf(ByteAlphabet.text(new byte[] {'\n'}));
        return Math.max(newline, 0);
    }
}
