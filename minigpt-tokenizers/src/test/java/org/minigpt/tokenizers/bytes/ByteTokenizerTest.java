package org.minigpt.tokenizers.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.RandomText;
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
        int length = 1 + repetition.getCurrentRepetition() * 4;
        String string = RandomText.unicode(repetition.getCurrentRepetition(), length);
        assertEquals(string, tokenizer.decode(tokenizer.encode(string)));
    }

    @Test
    void bytesThatAreNotUtf8DecodeToTheReplacementCharacter() {
        assertEquals("a\uFFFD", tokenizer.decode(new int[] {0x61, 0xC3}));
    }
}
