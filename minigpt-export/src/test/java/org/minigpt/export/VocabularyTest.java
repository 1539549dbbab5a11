package org.minigpt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.api.tokenizer.ByteLevelForm.Token;

class VocabularyTest {
    @Test
    void gpt2sByteAlphabetGivesEveryByteItsOwnPrintableCharacter() {
        Set<String> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            String text = ByteAlphabet.text(new byte[] {(byte) b});
            assertEquals(1, text.length());
            assertTrue(!Character.isWhitespace(text.charAt(0)) && !Character.isISOControl(text.charAt(0)), "byte " + b);
            seen.add(text);
        }
        assertEquals(256, seen.size());
        assertEquals("Ġ", ByteAlphabet.text(" ".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Ċ", ByteAlphabet.text("\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("ÃŃ", ByteAlphabet.text("í".getBytes(StandardCharsets.UTF_8)), "a two-byte character: two symbols");
    }

    @Test
    void tokensAndMergesAreWrittenInTheByteAlphabetAndSpecialsByName() {
        ByteLevelForm form = new ByteLevelForm(List.of(Token.text(new byte[] {'a'}), Token.text(new byte[] {' '}),
                Token.text(new byte[] {' ', 'a'})), List.of(new ByteLevelForm.Merge(new byte[] {' '}, new byte[] {'a'})),
                ByteLevelForm.Split.GPT2).withSpecials(List.of("<|user|>", "<|end|>"));
        ExportedVocabulary vocabulary = new ExportedVocabulary(form);
        assertEquals(List.of("a", "Ġ", "Ġa", "<|user|>", "<|end|>"), vocabulary.tokens());
        assertEquals(List.of("Ġ a"), vocabulary.merges());
        assertTrue(vocabulary.isChat() && vocabulary.isSpecial(3) && !vocabulary.isSpecial(2));
        assertEquals(4, vocabulary.endOfText(), "a chat run ends at <|end|>");
    }

    @Test
    void aByteRunEndsAtTheByteUtf8NeverHoldsAndACharRunAtItsNewline() {
        List<Token> bytes = new java.util.ArrayList<>();
        for (int b = 0; b < 256; b++) {
            bytes.add(Token.text(new byte[] {(byte) b}));
        }
        assertEquals(255, new ExportedVocabulary(new ByteLevelForm(bytes, List.of(), ByteLevelForm.Split.GPT2)).endOfText());
        List<Token> chars = List.of(Token.text(new byte[] {'\n'}), Token.text(new byte[] {' '}), Token.text(new byte[] {'a'}));
        assertEquals(0, new ExportedVocabulary(new ByteLevelForm(chars, List.of(), ByteLevelForm.Split.GPT2)).endOfText());
    }
}
