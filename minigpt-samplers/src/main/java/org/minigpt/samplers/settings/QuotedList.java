package org.minigpt.samplers.settings;

import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.config.ConfigException;

/**
 * A config value that lists texts: {@code "\n", ":", "ROMEO"=-2}, each text in double quotes with
 * the escapes backslash-n, -t, -quote and -backslash, optionally followed by {@code =VALUE}, items
 * separated by commas. Hand-written because the texts are single characters such as a quote or a
 * comma, which no properties or CSV syntax writes plainly.
 */
public final class QuotedList {
    /** One item: its text and what follows {@code =}, or {@code null} when nothing does. */
    public record Item(String text, String value) {
    }

    private QuotedList() {
    }

    /** @param example a right value for {@code key}, shown when {@code raw} is not one */
    public static List<Item> parse(String key, String raw, String example) {
        List<Item> items = new ArrayList<>();
        int at = skipSpaces(raw, 0);
        while (at < raw.length()) {
            if (raw.charAt(at) != '"') {
                throw malformed(key, raw, example, "a text in double quotes at position " + (at + 1));
            }
            StringBuilder text = new StringBuilder();
            at++;
            while (at < raw.length() && raw.charAt(at) != '"') {
                char c = raw.charAt(at++);
                if (c == '\\' && at < raw.length()) {
                    char escaped = raw.charAt(at++);
                    text.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case '"', '\\' -> escaped;
                        default -> throw malformed(key, raw, example, "one of \\n \\t \\\" \\\\, not \\" + escaped);
                    });
                } else {
                    text.append(c);
                }
            }
            if (at >= raw.length()) {
                throw malformed(key, raw, example, "a closing double quote");
            }
            int end = raw.indexOf(',', at + 1);
            String rest = raw.substring(at + 1, end < 0 ? raw.length() : end).strip();
            if (!rest.isEmpty() && !rest.startsWith("=")) {
                throw malformed(key, raw, example, "a comma or = after \"" + text + "\"");
            }
            items.add(new Item(text.toString(), rest.isEmpty() ? null : rest.substring(1).strip()));
            at = end < 0 ? raw.length() : skipSpaces(raw, end + 1);
        }
        return items;
    }

    private static int skipSpaces(String raw, int at) {
        while (at < raw.length() && Character.isWhitespace(raw.charAt(at))) {
            at++;
        }
        return at;
    }

    private static ConfigException malformed(String key, String raw, String example, String expected) {
        return new ConfigException(key + " was '" + raw + "' but needs " + expected + "; write e.g. " + key + "=" + example);
    }
}
