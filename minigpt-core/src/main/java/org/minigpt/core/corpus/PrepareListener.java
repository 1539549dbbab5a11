package org.minigpt.core.corpus;

/** Told how far {@code prepare} has come, for a progress bar. */
public interface PrepareListener {
    /** A pass over the corpus begins: {@code learn}, {@code sample} or {@code check} (the tokenizer's), then {@code encode}. */
    void phase(String name, long totalBytes);

    /** Bytes of the corpus this pass has read so far. */
    void advanced(long bytes);

    PrepareListener SILENT = new PrepareListener() {
        @Override
        public void phase(String name, long totalBytes) {
        }

        @Override
        public void advanced(long bytes) {
        }
    };
}
