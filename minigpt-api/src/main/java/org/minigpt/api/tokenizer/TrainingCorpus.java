package org.minigpt.api.tokenizer;

import java.util.function.Consumer;

/**
 * A corpus a tokenizer learns from that may be larger than the heap: its text in pieces. Pieces are
 * cut after a line break followed by a character that is not white space (unless a line alone is
 * larger than a piece), so a tokenizer whose chunks never span such a break learns from them what it
 * would from the whole text.
 */
public interface TrainingCorpus {
    /** Passes every piece of the corpus, in order, to {@code piece}: one pass over all of it. */
    void forEachPiece(Consumer<String> piece);

    /**
     * Passes pieces spread evenly over the corpus, about as many characters as the user allows for
     * learning a vocabulary ({@code data.sample_mb}): all of it when the corpus is smaller.
     */
    void forEachSamplePiece(Consumer<String> piece);

    /** The sample's pieces as one string. */
    default String sample() {
        StringBuilder text = new StringBuilder();
        forEachSamplePiece(text::append);
        return text.toString();
    }
}
