package org.minigpt.tokenizers.bpe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.tokenizer.ByteLevelForm;

/**
 * How text is cut into chunks before BPE, so merges never cross a chunk: GPT-2's pattern, GPT-4's
 * (cl100k), or none (the whole text is one chunk).
 */
enum SplitPattern {
    GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
    GPT4("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    NONE(null);

    private final Pattern pattern;

    SplitPattern(String regex) {
        this.pattern = regex == null ? null : Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    static SplitPattern named(String key, String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " must be one of gpt2, gpt4, none, was '" + name + "'");
        }
    }

    /** This pattern as byte-level BPE names it. */
    ByteLevelForm.Split split() {
        return ByteLevelForm.Split.valueOf(name());
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The chunks of {@code text}, in order; together they are exactly {@code text}. */
    List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        if (pattern == null) {
            if (!text.isEmpty()) {
                chunks.add(text);
            }
            return chunks;
        }
        if (this == GPT2) {
            Gpt2Chunks.split(text, chunks);
            return chunks;
        }
        return regexSplit(text, chunks);
    }

    /** The chunks the pattern's regex finds: what {@link Gpt2Chunks} must agree with. */
    List<String> regexSplit(String text, List<String> chunks) {
        Matcher matcher = pattern.matcher(text);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() > end) {
                chunks.add(text.substring(end, matcher.start())); // nothing is ever dropped
            }
            chunks.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            chunks.add(text.substring(end));
        }
        return chunks;
    }
}
