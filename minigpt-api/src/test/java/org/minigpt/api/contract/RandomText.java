package org.minigpt.api.contract;

import java.util.SplittableRandom;

/** Reproducible random text over all of Unicode, for tokenizer round-trip tests. */
public final class RandomText {
    private RandomText() {
    }

    /**
     * {@code codePoints} code points drawn from control characters, combining marks, CJK, emoji,
     * ASCII and any Unicode scalar value, in equal shares; the same seed gives the same text.
     */
    public static String unicode(long seed, int codePoints) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        while (text.codePointCount(0, text.length()) < codePoints) {
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
        return text.toString();
    }
}
