package org.minigpt.core.internal.corpus;

import java.util.List;
import java.util.Locale;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;

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
    static final Setting<Integer> SAMPLE_MB = Setting.integer("sample_mb", 64, Range.atLeast(1),
            "prepare: megabytes of text a BPE learns its merges from").because("megabytes of text a BPE learns from");
    static final Setting<Boolean> SKIP_BAD_FILES = Setting.bool("skip_bad_files", false,
            "prepare: skip a file that is not UTF-8 text (listed in the manifest) instead of stopping");
    static final Setting<String> NEWLINES = Setting.choice("newlines", "keep", List.of("keep", "lf"),
            "prepare: lf reads every CR LF line break as LF");
    static final Setting<Long> SHARD_TOKENS = Setting.longInteger("shard_tokens", 100_000_000L, Range.closed(1024, 1L << 30),
            "prepare: tokens per shard file");
    /** Every {@code data.} setting {@code prepare} reads. */
    public static final List<Setting<?>> SETTINGS = List.of(SAMPLE_MB, SKIP_BAD_FILES, NEWLINES, SHARD_TOKENS);

    public static CorpusOptions from(PluginConfig data) {
        int sampleMb = data.get(SAMPLE_MB);
        String newlines = data.get(NEWLINES).toLowerCase(Locale.ROOT);
        if (!NEWLINES.choices().contains(newlines)) {
            throw new ConfigException(data.key(NEWLINES.name()) + " must be keep or lf (read CR LF as LF), was '" + newlines + "'");
        }
        long shardTokens = data.get(SHARD_TOKENS);
        return new CorpusOptions(sampleMb * 1_000_000L, data.get(SKIP_BAD_FILES), newlines.equals("lf"), shardTokens);
    }
}
