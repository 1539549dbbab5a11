package org.minigpt.tokenizers.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Gpt2ChunksTest {
    /** Pieces that meet every branch: contractions, runs with and without a leading space, Unicode classes, white space. */
    private static final String[] PIECES = {
        "a", "Zq", "é", "жи", "中", "7", "٣", "Ⅻ", "½", " ", "  ", "\n", "\r\n", "\t", "\u00A0", "\u2003", "\u3000", "\u0085",
        "\u001C", "'", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'x", "!", "?!", ",", "😀", "\uD800", "-", "_", "\u0301"
    };

    @Test
    void scannerCutsWhatTheRegexCuts() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            assertAgree(text.toString());
        }
    }

    @Test
    void scannerCutsTinyShakespeareAsTheRegexDoes() throws IOException {
        Path file = Path.of("..", "..", "shared", "data", "tinyshakespeare.txt");
        String text = Files.isRegularFile(file) ? Files.readString(file) : "First Citizen:\nBefore we proceed any further, hear me speak.\n";
        assertAgree(text);
    }

    private static void assertAgree(String text) {
        List<String> expected = SplitPattern.GPT2.regexSplit(text, new ArrayList<>());
        List<String> actual = new ArrayList<>();
        Gpt2Chunks.split(text, actual);
        assertEquals(expected, actual, () -> "chunks of " + text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
    }
}
