package org.minigpt.samplers.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;

class QuotedListTest {
    private static List<QuotedList.Item> parse(String raw) {
        return QuotedList.parse("k", raw, "\"x\"");
    }

    @Test
    void readsQuotedTextsWithEscapesAndOptionalValues() {
        assertEquals(List.of(new QuotedList.Item("\n", null), new QuotedList.Item(",", "-2"), new QuotedList.Item("\"\\", null),
                new QuotedList.Item("a b", "+1.5")), parse(" \"\\n\" , \",\"=-2,\"\\\"\\\\\", \"a b\" = +1.5 "));
        assertEquals(List.of(), parse("  "));
    }

    @Test
    void malformedListsSayWhatWasExpected() {
        assertEquals("k was 'a' but needs a text in double quotes at position 1; write e.g. k=\"x\"",
                assertThrows(ConfigException.class, () -> parse("a")).getMessage());
        assertEquals("k was '\"a' but needs a closing double quote; write e.g. k=\"x\"",
                assertThrows(ConfigException.class, () -> parse("\"a")).getMessage());
        assertEquals("k was '\"a\" b' but needs a comma or = after \"a\"; write e.g. k=\"x\"",
                assertThrows(ConfigException.class, () -> parse("\"a\" b")).getMessage());
        assertEquals("k was '\"\\q\"' but needs one of \\n \\t \\\" \\\\, not \\q; write e.g. k=\"x\"",
                assertThrows(ConfigException.class, () -> parse("\"\\q\"")).getMessage());
    }
}
