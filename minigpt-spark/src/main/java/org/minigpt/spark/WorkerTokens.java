package org.minigpt.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.data.TextData;
import org.minigpt.core.data.TokenStream;

/**
 * The tokens the workers train on, as a task carries them: a small text's training tokens shipped with
 * the job, or the path of a prepared corpus every executor reads (a shared file system) and the
 * length of its training part.
 *
 * @param tokens the training tokens of a text; null for a corpus
 * @param corpus the prepared corpus folder; null for a text
 * @param checksum the corpus manifest's SHA-256 on the driver, which each executor's copy must match
 */
record WorkerTokens(int[] tokens, String corpus, String checksum, long length) implements Serializable {
    static WorkerTokens of(TextData data, Path dataFile) {
        TokenStream train = data.split().train(); // a split's training part is its first
        if (PreparedCorpus.isFolder(dataFile)) {
            return new WorkerTokens(null, dataFile.toAbsolutePath().toString(), PreparedCorpus.checksum(dataFile), train.length());
        }
        return new WorkerTokens(train.toArray(0, Math.toIntExact(train.length())), null, null, train.length());
    }

    /** What a text ships with each job; 0 for a corpus, which every executor reads itself. */
    long shippedBytes() {
        return tokens == null ? 0 : 4L * tokens.length;
    }

    /** The training tokens on this executor: the caller closes them. */
    TokenStream open() throws IOException {
        if (tokens != null) {
            return TokenStream.of(tokens);
        }
        Path folder = Path.of(corpus);
        String here = PreparedCorpus.checksum(folder);
        if (!here.equals(checksum)) {
            throw new MinigptException("the prepared corpus at " + folder + " differs on this executor (manifest sha256 " + here
                    + ", the driver's " + checksum + "): every executor must read the same corpus at the same path");
        }
        return PreparedCorpus.open(folder).tokens().slice(0, length);
    }
}
