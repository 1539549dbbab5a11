package org.minigpt.tokenizers.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.RandomText;
import org.minigpt.api.contract.TokenizerContract;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;

class BpeTokenizerTest extends TokenizerContract {
    private static final String TEXT = SAMPLE.repeat(3) + """
            JULIET:
            O Romeo, Romeo! wherefore art thou Romeo?
            Deny thy father and refuse thy name;
            Or, if thou wilt not, be but sworn my love,
            And I'll no longer be a Capulet.
            """;

    @Override
    protected TokenizerFactory factory() {
        return new BpeTokenizerFactory();
    }

    @Override
    protected PluginConfig config() {
        return config(300, "gpt2");
    }

    private static PluginConfig config(int vocabSize, String pattern) {
        return new PluginConfig("tokenizer", Map.of("vocab_size", Integer.toString(vocabSize), "pattern", pattern));
    }

    private static BpeTokenizer train(String text, int vocabSize, String pattern) {
        return (BpeTokenizer) new BpeTokenizerFactory().train(text, config(vocabSize, pattern));
    }

    /**
     * The textbook example (Wikipedia, "Byte pair encoding"): in aaabdaaabac the pair aa is merged
     * first (Z), then ab (Y; it ties with Z a at 2 and wins as the pair of smaller ids, 97 98 before
     * 256 97), then ZY (X), leaving XdXac.
     */
    @Test
    void theTextbookExampleMergesAaThenAbThenAaab() {
        BpeTokenizer tokenizer = train("aaabdaaabac", 256 + 3 + 1, "none");
        List<int[]> merges = tokenizer.merges();
        assertArrayEquals(new int[] {'a', 'a'}, merges.get(0));
        assertArrayEquals(new int[] {'a', 'b'}, merges.get(1));
        assertArrayEquals(new int[] {256, 257}, merges.get(2));
        assertEquals("aaab", new String(tokenizer.bytes(258)));
        assertArrayEquals(new int[] {258, 'd', 258, 'a', 'c'}, tokenizer.encode("aaabdaaabac"));
    }

    @Test
    void theVocabularyHasExactlyTheSizeAsked() {
        for (int size : new int[] {257, 300, 360}) {
            BpeTokenizer tokenizer = train(TEXT, size, "gpt2");
            assertEquals(size, tokenizer.vocabSize());
            assertTrue(java.util.Arrays.stream(tokenizer.encode(TEXT)).allMatch(id -> id < size));
        }
    }

    @Test
    void aVocabularyTooSmallOrTooLargeForTheTextIsAConfigError() {
        assertEquals("tokenizer.vocab_size must be an integer >= 257 (256 bytes + 1 special token), was 256",
                assertThrows(ConfigException.class, () -> train(TEXT, 256, "gpt2")).getMessage());
        ConfigException tooLarge = assertThrows(ConfigException.class, () -> train("abab", 300, "none"));
        assertTrue(tooLarge.getMessage().startsWith("tokenizer.vocab_size 300 needs 43 merges but the text allows only "),
                tooLarge.getMessage());
        assertEquals("tokenizer.pattern must be one of gpt2, gpt4, none, was 'gpt3'",
                assertThrows(ConfigException.class, () -> train(TEXT, 300, "gpt3")).getMessage());
    }

    @Test
    void mergesMakeTheTextShorter() {
        BpeTokenizer tokenizer = train(TEXT, 360, "gpt4");
        int bytes = TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(tokenizer.encode(TEXT).length < bytes / 2, "BPE should at least halve the byte count on its own text");
    }

    @Test
    void theEndOfTextTokenIsOneTokenAndDecodesBack() {
        BpeTokenizer tokenizer = train(TEXT, 300, "gpt2");
        int[] ids = tokenizer.encode("Romeo<|endoftext|>Juliet");
        assertEquals(1, java.util.Arrays.stream(ids).filter(id -> id == 299).count());
        assertEquals("Romeo<|endoftext|>Juliet", tokenizer.decode(ids));
    }

    @Test
    void twoTrainingsSaveByteIdenticalFiles(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        train(TEXT, 350, "gpt2").save(first);
        train(TEXT, 350, "gpt2").save(second);
        assertArrayEquals(Files.readAllBytes(first.resolve("tokenizer.json")), Files.readAllBytes(second.resolve("tokenizer.json")));
        String json = Files.readString(first.resolve("tokenizer.json"));
        assertTrue(json.contains("\"pattern\" : \"gpt2\"") && json.contains("\"merges\"") && json.contains("\"<|endoftext|>\" : 349"), json);
    }

    /** Random strings of any Unicode scalar value (fixed seeds) round-trip through every pattern. */
    @RepeatedTest(30)
    void anyUnicodeTextRoundTrips(RepetitionInfo repetition) {
        String string = RandomText.unicode(repetition.getCurrentRepetition(), 150);
        for (String pattern : List.of("gpt2", "gpt4", "none")) {
            Tokenizer tokenizer = train(TEXT + string, 320, pattern);
            assertEquals(string, tokenizer.decode(tokenizer.encode(string)), pattern);
        }
    }
}
