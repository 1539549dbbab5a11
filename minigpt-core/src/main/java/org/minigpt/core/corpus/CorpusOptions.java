package org.minigpt.core.corpus;

import java.util.Locale;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;

/**
 * How {@code prepare} reads a corpus, from the {@code data.} keys.
 *
 * @param sampleCharacters characters a tokenizer with a learned vocabulary (BPE) learns from
 * @param skipBadFiles skip a file that is not UTF-8 text, counting it, instead of stopping
 * @param crlfAsLf read each CR LF line break as LF
 * @param shardTokens tokens per shard file
 */
public record CorpusOptions(long sampleCharacters, boolean skipBadFiles, boolean crlfAsLf, long shardTokens) {
    public static final String SECTION = "data";
    static final String SAMPLE_MB = "sample_mb";
    static final String SKIP_BAD_FILES = "skip_bad_files";
    static final String NEWLINES = "newlines";
    static final String SHARD_TOKENS = "shard_tokens";

    public static CorpusOptions from(PluginConfig data) {
        int sampleMb = data.integer(SAMPLE_MB, 64);
        if (sampleMb < 1) {
            throw new ConfigException(data.key(SAMPLE_MB) + " must be at least 1 (megabytes of text a BPE learns from), was " + sampleMb);
        }
        String newlines = data.string(NEWLINES, "keep").toLowerCase(Locale.ROOT);
        if (!newlines.equals("keep") && !newlines.equals("lf")) {
            throw new ConfigException(data.key(NEWLINES) + " must be keep or lf (read CR LF as LF), was '" + newlines + "'");
        }
        long shardTokens = data.longInteger(SHARD_TOKENS, 100_000_000L);
        if (shardTokens < 1024 || shardTokens > 1L << 30) {
            throw new ConfigException(data.key(SHARD_TOKENS) + " must be between 1024 and 2^30, was " + shardTokens);
        }
        return new CorpusOptions(sampleMb * 1_000_000L, data.bool(SKIP_BAD_FILES, false), newlines.equals("lf"), shardTokens);
    }
}
