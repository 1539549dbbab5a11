package org.minigpt.tokenizers.chars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.contract.TokenizerContract;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;

class CharTokenizerTest extends TokenizerContract {
    private static final PluginConfig NO_SETTINGS = new PluginConfig("tokenizer", Map.of());

    @Override
    protected TokenizerFactory factory() {
        return new CharTokenizerFactory();
    }

    @Test
    void theVocabularyIsTheTextsDistinctCharactersInCodePointOrder() {
        Tokenizer tokenizer = factory().train("hello, world", NO_SETTINGS);
        assertEquals(9, tokenizer.vocabSize()); // ' ', ',', d, e, h, l, o, r, w
        assertArrayEquals(new int[] {4, 3, 5, 5, 6}, tokenizer.encode("hello"));
        assertEquals("world", tokenizer.decode(tokenizer.encode("world")));
    }

    @Test
    void charactersOutsideTheBasicPlaneAreOneTokenEach() {
        Tokenizer tokenizer = factory().train("a😀b", NO_SETTINGS);
        assertEquals(3, tokenizer.vocabSize());
        assertEquals(3, tokenizer.encode("a😀b").length);
        assertEquals("😀a", tokenizer.decode(tokenizer.encode("😀a")));
    }

    @Test
    void theByteLevelFormHasEachCharactersUtf8AndTheMergesThatJoinItsBytes() {
        Tokenizer tokenizer = factory().train("aé€😀è", NO_SETTINGS);
        ByteLevelForm form = tokenizer.byteLevelForm().orElseThrow();
        assertEquals(List.of("61", "c3a8", "c3a9", "e282ac", "f09f9880"),
                form.tokens().stream().map(token -> HexFormat.of().formatHex(token.bytes())).toList());
        // è and é share no merge but their own; € needs two, 😀 three: each a prefix and its next byte.
        assertEquals(List.of("c3+a8", "c3+a9", "e2+82", "e282+ac", "f0+9f", "f09f+98", "f09f98+80"),
                form.merges().stream().map(merge -> HexFormat.of().formatHex(merge.left()) + "+"
                        + HexFormat.of().formatHex(merge.right())).toList());
    }

    @Test
    void anUnseenCharacterIsRejectedWithItsName() {
        Tokenizer tokenizer = factory().train("abc", NO_SETTINGS);
        MinigptException e = assertThrows(MinigptException.class, () -> tokenizer.encode("abé"));
        assertEquals("the char tokenizer never saw 'é' (U+00E9) in its training text; leave it out, or train with tokenizer=byte",
                e.getMessage());
        MinigptException tab = assertThrows(MinigptException.class, () -> tokenizer.encode("a\tb"));
        assertEquals("the char tokenizer never saw U+0009 in its training text; leave it out, or train with tokenizer=byte",
                tab.getMessage());
    }

    @Test
    void anEmptyTrainingTextIsAClearError() {
        assertEquals("the char tokenizer needs a non-empty training text",
                assertThrows(MinigptException.class, () -> factory().train("", NO_SETTINGS)).getMessage());
    }

    @Test
    void theSavedFileIsReadableJsonOfTheSymbols(@TempDir Path runDir) throws Exception {
        factory().train("ba\n", NO_SETTINGS).save(runDir);
        String json = Files.readString(runDir.resolve("tokenizer.json"));
        assertEquals("{\n  \"tokenizer\" : \"char\",\n  \"symbols\" : [ \"\\n\", \"a\", \"b\" ]\n}", json.strip());
    }

    @Test
    void loadingAnotherTokenizersFileFails(@TempDir Path runDir) throws Exception {
        Files.writeString(runDir.resolve("tokenizer.json"), "{\"tokenizer\": \"byte\"}");
        MinigptException e = assertThrows(MinigptException.class, () -> factory().load(runDir, NO_SETTINGS));
        assertEquals(runDir.resolve("tokenizer.json") + " holds tokenizer 'byte', not 'char'", e.getMessage());
        Files.writeString(runDir.resolve("tokenizer.json"), "{not json");
        assertThrows(MinigptException.class, () -> factory().load(runDir, NO_SETTINGS));
    }
}
