package org.minigpt.core.internal.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.data.TokenStream;
import org.minigpt.tokenizers.chars.CharTokenizerFactory;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.corpus.PrepareListener;
import org.minigpt.core.corpus.PreparedCorpus;

class PreparationTest {
    private static final CharTokenizerFactory CHARS = new CharTokenizerFactory();

    @TempDir
    Path dir;

    @Test
    void aFolderBecomesShardsHoldingItsFilesTokensInOrder() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus/b"));
        Files.writeString(dir.resolve("corpus/a.txt"), "To be, or not to be:\n".repeat(100));
        Files.writeString(dir.resolve("corpus/b/c.txt"), "that is the question.\n".repeat(100));
        Files.writeString(dir.resolve("corpus/b/notes.md"), "not a text of the corpus");
        Files.writeString(dir.resolve("corpus/empty.txt"), "");
        Manifest manifest = prepare(List.of(dir.resolve("corpus").toString()), options(false), "out");

        assertEquals(List.of(dir.resolve("corpus/a.txt").toString(), dir.resolve("corpus/b/c.txt").toString()),
                manifest.documents().stream().map(Manifest.Document::path).toList());
        assertEquals(List.of(new Manifest.Skipped(dir.resolve("corpus/empty.txt").toString(), "empty")), manifest.skipped());
        assertTrue(manifest.shards().size() > 1, "1024-token shards: " + manifest.shards());
        PreparedCorpus prepared = PreparedCorpus.open(dir.resolve("out"));
        Tokenizer tokenizer = prepared.tokenizer(CHARS);
        int[] expected = tokenizer.encode("To be, or not to be:\n".repeat(100) + "that is the question.\n".repeat(100));
        try (TokenStream tokens = prepared.tokens()) {
            assertEquals(expected.length, tokens.length());
            assertArrayEquals(expected, tokens.toArray(0, expected.length));
        }
        assertArrayEquals(new long[] {0, 2100}, prepared.documentStarts());
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedByNameOrSkippedWhenAsked() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("a.txt"), "fine text\n");
        Files.write(corpus.resolve("b.txt"), new byte[] {'o', 'k', (byte) 0xFF, '\n'});
        MinigptException refused = assertThrows(MinigptException.class,
                () -> prepare(List.of(corpus.toString()), options(false), "refused"));
        assertEquals(corpus.resolve("b.txt") + " is not UTF-8 text: invalid byte at offset 2; fix or remove it, or set"
                + " data.skip_bad_files=true to skip such files", refused.getMessage());
        assertFalse(Files.exists(dir.resolve("refused").resolve(Manifest.FILE_NAME)));

        Manifest skipping = prepare(List.of(corpus.toString()), options(true), "skipping");
        assertEquals(1, skipping.documents().size());
        assertEquals(corpus.resolve("b.txt").toString(), skipping.skipped().get(0).path());
        assertEquals(10, skipping.tokens());
    }

    @Test
    void aCorpusWithNoTextIsOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        MinigptException none = assertThrows(MinigptException.class, () -> prepare(List.of(empty.toString()), options(false), "o1"));
        assertEquals(empty + " holds no *.txt files; name text files, a folder of them, or a glob", none.getMessage());
        Files.write(empty.resolve("x.txt"), new byte[] {1, 0, 2});
        MinigptException binary = assertThrows(MinigptException.class, () -> prepare(List.of(empty.toString()), options(false), "o2"));
        assertTrue(binary.getMessage().startsWith(empty.resolve("x.txt") + " is a binary file"), binary.getMessage());
    }

    @Test
    void anUnfinishedPrepareIsRefusedByTrainAndCleanedByTheNextPrepare() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "some text\n".repeat(500));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.write(out.resolve(Manifest.shardName(0)), new byte[2048]);
        Files.write(out.resolve(Manifest.shardName(1) + ShardWriter.PART), new byte[100]); // as kill -9 leaves it
        MinigptException unfinished = assertThrows(MinigptException.class, () -> PreparedCorpus.open(out));
        assertEquals(out + " has no manifest.json: its prepare did not finish; prepare into it again",
                unfinished.getMessage());

        Manifest manifest = prepare(List.of(text.toString()), options(false), "out");
        assertEquals(5000, manifest.tokens());
        try (var entries = Files.list(out)) {
            assertFalse(entries.anyMatch(entry -> entry.toString().endsWith(ShardWriter.PART)));
        }
        MinigptException again = assertThrows(MinigptException.class, () -> prepare(List.of(text.toString()), options(false), "out"));
        assertEquals(out + " already holds a prepared corpus; prepare into a new folder, or delete it first", again.getMessage());
        Files.writeString(Files.createDirectories(dir.resolve("mine")).resolve("keep.txt"), "x");
        MinigptException foreign = assertThrows(MinigptException.class, () -> prepare(List.of(text.toString()), options(false), "mine"));
        assertEquals(dir.resolve("mine") + " is not empty (it holds keep.txt); prepare into a new folder", foreign.getMessage());
        assertTrue(Files.exists(dir.resolve("mine/keep.txt")));
    }

    @Test
    void aShardChangedAfterPreparationIsRefused() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "some text\n".repeat(500));
        prepare(List.of(text.toString()), options(false), "out");
        Path shard = dir.resolve("out").resolve(Manifest.shardName(1));
        byte[] bytes = Files.readAllBytes(shard);
        bytes[7] ^= 1;
        Files.write(shard, bytes);
        MinigptException changed = assertThrows(MinigptException.class, () -> PreparedCorpus.open(dir.resolve("out")));
        assertEquals("shard " + shard + " changed since it was prepared (its CRC32C differs from the manifest's); prepare "
                + dir.resolve("out") + " again", changed.getMessage());
        Files.write(shard, java.util.Arrays.copyOf(bytes, 10));
        MinigptException truncated = assertThrows(MinigptException.class, () -> PreparedCorpus.open(dir.resolve("out")));
        assertTrue(truncated.getMessage().contains("(it has 10 bytes, not 2048)"), truncated.getMessage());
    }

    private Manifest prepare(List<String> paths, CorpusOptions options, String out) throws Exception {
        return new Preparation(options, PrepareListener.SILENT, 2).prepare(CorpusFiles.of(paths), dir.resolve(out),
                corpus -> CHARS.train(corpus, new PluginConfig("tokenizer", Map.of())), Map.of("tokenizer", "char"));
    }

    private static CorpusOptions options(boolean skipBadFiles) {
        return CorpusOptions.from(new PluginConfig("data", Map.of("shard_tokens", "1024",
                "skip_bad_files", Boolean.toString(skipBadFiles))));
    }
}
