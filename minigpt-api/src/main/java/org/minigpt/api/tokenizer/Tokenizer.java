package org.minigpt.api.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Turns text into token ids in {@code [0, vocabSize)} and back. Immutable once made; thread-safe. */
public interface Tokenizer {
    int vocabSize();

    /**
     * Ids below this one are what text encodes to; ids from it up to {@link #vocabSize} are special tokens
     * (a chat template's) that no text ever produces. All ids are text ids unless a tokenizer says otherwise.
     */
    default int textTokens() {
        return vocabSize();
    }

    /**
     * The ids of {@code text}, never {@code null}.
     *
     * @throws org.minigpt.api.MinigptException if the text has a symbol this tokenizer cannot encode
     */
    int[] encode(String text);

    /** The text of {@code tokens}; bytes that do not form UTF-8 become U+FFFD. */
    String decode(int[] tokens);

    /**
     * This tokenizer as byte-level BPE, for runtimes outside minigpt (GGUF, Hugging Face); empty for a tokenizer
     * that has no such form.
     */
    default Optional<ByteLevelForm> byteLevelForm() {
        return Optional.empty();
    }

    /** Writes what {@link TokenizerFactory#load} needs to rebuild this tokenizer into {@code runDir}. */
    void save(Path runDir) throws IOException;
}
