package org.minigpt.tokenizers.bpe;

import java.util.List;

/**
 * GPT-2's split pattern as a scanner: the same chunks as the regex
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} (a test checks
 * they agree), several times faster, since encoding a corpus spends most of its time here.
 */
final class Gpt2Chunks {
    private Gpt2Chunks() {
    }

    static void split(String text, List<String> chunks) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            int end = contraction(text, i);
            if (end < 0) {
                end = run(text, i);
            }
            chunks.add(text.substring(i, end));
            i = end;
        }
    }

    /** The end of {@code 's|'t|'re|'ve|'m|'ll|'d} at {@code i}, or -1. */
    private static int contraction(String text, int i) {
        if (text.charAt(i) != '\'' || i + 1 >= text.length()) {
            return -1;
        }
        char next = text.charAt(i + 1);
        if (next == 's' || next == 't' || next == 'm' || next == 'd') {
            return i + 2;
        }
        if (i + 2 < text.length()) {
            String two = text.substring(i + 1, i + 3);
            if (two.equals("re") || two.equals("ve") || two.equals("ll")) {
                return i + 3;
            }
        }
        return -1;
    }

    private static final int LETTER = 0;
    private static final int NUMBER = 1;
    private static final int OTHER = 2;
    private static final int SPACE = 3;

    /** The end of the first of the other alternatives that matches at {@code i}. */
    private static int run(String text, int i) {
        int n = text.length();
        int first = text.codePointAt(i);
        int start = i;
        int kind = kind(first);
        if (first == ' ' && i + 1 < n) {
            int second = kind(text.codePointAt(i + 1));
            if (second != SPACE) { // " ?X+": the space joins the run that follows it
                kind = second;
                start = i + 1;
            }
        }
        if (kind != SPACE) {
            int end = start;
            while (end < n) {
                int codePoint = text.codePointAt(end);
                if (kind(codePoint) != kind) {
                    break;
                }
                end += Character.charCount(codePoint);
            }
            return end;
        }
        int end = i;
        while (end < n) {
            int codePoint = text.codePointAt(end);
            if (kind(codePoint) != SPACE) {
                break;
            }
            end += Character.charCount(codePoint);
        }
        if (end == n) {
            return end; // \s+(?!\S) takes all the white space at the end
        }
        int last = Character.offsetByCodePoints(text, end, -1);
        return last > i ? last : end; // \s+(?!\S) leaves the last one to the next run; else \s+ takes one
    }

    private static int kind(int codePoint) {
        if (codePoint < 128) {
            if (codePoint >= 'a' && codePoint <= 'z' || codePoint >= 'A' && codePoint <= 'Z') {
                return LETTER;
            }
            if (codePoint >= '0' && codePoint <= '9') {
                return NUMBER;
            }
            return codePoint == ' ' || codePoint >= 9 && codePoint <= 13 ? SPACE : OTHER;
        }
        if (Character.isLetter(codePoint)) {
            return LETTER;
        }
        int type = Character.getType(codePoint);
        if (type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER) {
            return NUMBER;
        }
        return isWhiteSpace(codePoint) ? SPACE : OTHER;
    }

    /** Unicode's White_Space property, which {@code \s} means under UNICODE_CHARACTER_CLASS. */
    private static boolean isWhiteSpace(int c) {
        return c >= 0x9 && c <= 0xD || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 || c >= 0x2000 && c <= 0x200A
                || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }
}
