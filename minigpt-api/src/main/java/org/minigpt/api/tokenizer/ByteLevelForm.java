package org.minigpt.api.tokenizer;

import java.util.List;

/**
 * A tokenizer as byte-level BPE writes it down, the form llama.cpp's {@code gpt2} tokenizer and Hugging Face's
 * GPT-2 tokenizer read: each id's bytes, the merges in rank order, and the split text goes through first.
 *
 * @param tokens every id's token, in id order
 * @param merges pairs of byte strings, lowest rank (merged first) first
 * @param split the chunks text is cut into before merging
 */
public record ByteLevelForm(List<Token> tokens, List<Merge> merges, Split split) {
    public ByteLevelForm {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
    }

    /** How text is cut before merging: GPT-2's pattern, GPT-4's (cl100k), or not at all. */
    public enum Split { GPT2, GPT4, NONE }

    /** One id: its bytes, or for a special token (which only a template places) its name in UTF-8. */
    public record Token(byte[] bytes, boolean special) {
        public static Token text(byte[] bytes) {
            return new Token(bytes.clone(), false);
        }

        public static Token special(String name) {
            return new Token(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
        }
    }

    /** Two adjacent byte strings that become one. */
    public record Merge(byte[] left, byte[] right) {
    }

    /** This form with {@code names} as special tokens after its own ids. */
    public ByteLevelForm withSpecials(List<String> names) {
        List<Token> all = new java.util.ArrayList<>(tokens);
        names.forEach(name -> all.add(Token.special(name)));
        return new ByteLevelForm(all, merges, split);
    }
}
