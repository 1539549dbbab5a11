package org.minigpt.tokenizers.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.TokenizerContract;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;

class ByteTokenizerTest extends TokenizerContract {
    private final Tokenizer tokenizer = new ByteTokenizerFactory().train("", new PluginConfig("tokenizer", Map.of()));

    @Override
    protected TokenizerFactory factory() {
        return new ByteTokenizerFactory();
    }

    @Test
    void encodesUtf8Bytes() {
        assertEquals(256, tokenizer.vocabSize());
        assertArrayEquals(new int[] {0x41, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80}, tokenizer.encode("Aé😀"));
    }

    /** Random strings of any Unicode scalar value: emoji, combining marks, CJK, controls (fixed seeds). */
    @RepeatedTest(50)
    void anyUnicodeTextRoundTrips(RepetitionInfo repetition) {
        SplittableRandom random = new SplittableRandom(repetition.getCurrentRepetition());
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(1, 200);
        while (text.codePointCount(0, text.length()) < length) {
            int codePoint = switch (random.nextInt(6)) {
                case 0 -> random.nextInt(0, 0x20);          // control characters
                case 1 -> random.nextInt(0x300, 0x370);     // combining marks
                case 2 -> random.nextInt(0x4E00, 0x9FFF);   // CJK
                case 3 -> random.nextInt(0x1F300, 0x1FAFF); // emoji
                case 4 -> random.nextInt(0x20, 0x7F);       // ASCII
                default -> random.nextInt(0, 0x110000);     // anything
            };
            if (codePoint < 0xD800 || codePoint > 0xDFFF) { // surrogates are not characters
                text.appendCodePoint(codePoint);
            }
        }
        String string = text.toString();
        assertEquals(string, tokenizer.decode(tokenizer.encode(string)));
    }

    @Test
    void bytesThatAreNotUtf8DecodeToTheReplacementCharacter() {
        assertEquals("a\uFFFD", tokenizer.decode(new int[] {0x61, 0xC3}));
    }
}
