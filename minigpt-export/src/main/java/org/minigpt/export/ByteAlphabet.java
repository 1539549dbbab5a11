package org.minigpt.export;

/**
 * GPT-2's bytes-to-unicode table: every byte as a printable character, so byte-level tokens are text (a space
 * is "Ġ", a newline "Ċ"). llama.cpp's {@code gpt2} tokenizer and Hugging Face's GPT-2 tokenizer both store
 * tokens and merges in it.
 */
final class ByteAlphabet {
    private static final char[] CHARACTER = new char[256];

    static {
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            CHARACTER[b] = printable ? (char) b : (char) (256 + next++);
        }
    }

    private ByteAlphabet() {
    }

    static String text(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            text.append(CHARACTER[b & 0xFF]);
        }
        return text.toString();
    }
}
