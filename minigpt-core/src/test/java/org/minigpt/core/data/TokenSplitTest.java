package org.minigpt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenSplitTest {
    private static final ArrayTokens TOKENS = new ArrayTokens(IntStream.range(0, 1000).toArray());

    @Test
    void theLastDocumentsAreHeldOutWhole() {
        TokenSplit split = TokenSplit.of(TOKENS, new long[] {0, 300, 600, 850, 950}, 0.1, 11);
        assertEquals(850, split.train().length(), "documents 850.. and 950.. make up 150 tokens, the first tail >= 100");
        assertEquals(850, split.validation().toArray(0, 1)[0]);
    }

    @Test
    void aLastDocumentMoreThanTwiceTheShareIsCutByPositionAsOneDocumentIs() {
        TokenSplit split = TokenSplit.of(TOKENS, new long[] {0, 700}, 0.1, 11);
        assertEquals(900, split.train().length());
        assertEquals(900, TokenSplit.of(TOKENS, new long[] {0}, 0.1, 11).train().length());
    }

    @Test
    void nothingHeldOutKeepsEveryToken() {
        assertEquals(1000, TokenSplit.of(TOKENS, new long[] {0, 500}, 0, 11).train().length());
    }
}
