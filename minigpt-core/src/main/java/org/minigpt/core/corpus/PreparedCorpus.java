package org.minigpt.core.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.data.TinyShakespeare;
import org.minigpt.core.data.TokenStream;

/** A folder {@code prepare} wrote, checked whole: its manifest, and shards of the size and checksum it lists. */
public final class PreparedCorpus {
    private final Path folder;
    private final Manifest manifest;

    private PreparedCorpus(Path folder, Manifest manifest) {
        this.folder = folder;
        this.manifest = manifest;
    }

    /** Whether {@code data} names a folder, which a run reads as a prepared corpus (or refuses, saying why). */
    public static boolean isFolder(Path data) {
        return Files.isDirectory(data);
    }

    /** @throws MinigptException for an unfinished prepare, a missing, short or changed shard */
    public static PreparedCorpus open(Path folder) {
        Manifest manifest = Manifest.read(folder);
        PreparedCorpus corpus = new PreparedCorpus(folder, manifest);
        manifest.shards().parallelStream().forEach(corpus::verify);
        return corpus;
    }

    static boolean holdsShards(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.anyMatch(entry -> entry.getFileName().toString().startsWith(Manifest.SHARD_PREFIX));
        } catch (IOException e) {
            return false;
        }
    }

    public Path folder() {
        return folder;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The {@code tokenizer} keys the corpus was prepared with. */
    public Config tokenizerConfig() {
        return Config.of(manifest.tokenizer());
    }

    /** The tokenizer the corpus was prepared with, loaded by {@code factory} (the one its config names). */
    public Tokenizer tokenizer(TokenizerFactory factory) throws IOException {
        return factory.load(folder, tokenizerConfig().section(Plugins.TOKENIZER));
    }

    /** A corpus's identity for a run's config: its manifest's SHA-256, which lists every shard's checksum. */
    public static String checksum(Path folder) {
        return TinyShakespeare.sha256(folder.resolve(Manifest.FILE_NAME));
    }

    /**
     * The config with the corpus's tokenizer: a user's {@code tokenizer} key that differs from the one the corpus
     * was prepared with is refused, as the tokens on disk are that tokenizer's.
     */
    public Config withTokenizer(Config config) {
        Config prepared = tokenizerConfig();
        config.asMap().forEach((key, value) -> {
            boolean tokenizerKey = key.equals(Plugins.TOKENIZER) || key.startsWith(Plugins.TOKENIZER + ".");
            if (tokenizerKey && !value.equals(prepared.get(key).orElse(null))) {
                throw new ConfigException(folder + " was prepared with " + describe(prepared) + ", so a run on it cannot set "
                        + key + "=" + value + "; leave it out, or prepare the corpus again with it");
            }
        });
        return config.with(prepared.asMap());
    }

    private static String describe(Config tokenizer) {
        return tokenizer.asMap().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Refuses a tokenizer other than the corpus's (a resumed or fine-tuned run's own): the two must save the same
     * files with the same bytes.
     */
    public void requireTokenizer(Tokenizer tokenizer, String whose) throws IOException {
        Path saved = Files.createTempDirectory("minigpt-tokenizer");
        try {
            tokenizer.save(saved);
            try (Stream<Path> files = Files.list(saved)) {
                for (Path file : files.toList()) {
                    Path ours = folder.resolve(file.getFileName());
                    if (!Files.isRegularFile(ours) || Files.mismatch(file, ours) != -1) {
                        throw CorpusProblem.otherTokenizer(folder, whose);
                    }
                }
            }
        } finally {
            org.minigpt.core.run.Folders.deleteTree(saved);
        }
    }

    /** Every token, in corpus order; close it when done. */
    public TokenStream tokens() throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        long[] counts = new long[manifest.shards().size()];
        for (int i = 0; i < counts.length; i++) {
            channels.add(FileChannel.open(folder.resolve(manifest.shards().get(i).file()), StandardOpenOption.READ));
            counts[i] = manifest.shards().get(i).tokens();
        }
        return new ShardedTokens(channels, counts, manifest.tokenBytes());
    }

    /** Each document's first token, ascending, the first 0: where a split may cut. */
    public long[] documentStarts() {
        long[] starts = new long[manifest.documents().size()];
        for (int i = 1; i < starts.length; i++) {
            starts[i] = starts[i - 1] + manifest.documents().get(i - 1).tokens();
        }
        return starts;
    }

    /** One line for a run's plan or {@code info}. */
    public String summary() {
        return summary(manifest);
    }

    /** {@link #summary} from the manifest alone, shards unread: what {@code info} shows of a run's corpus. */
    public static String describe(Path folder) {
        return summary(Manifest.read(folder));
    }

    private static String summary(Manifest manifest) {
        return String.format("prepared corpus: %,d documents, %,.1f MB, %,d tokens in %d shard%s", manifest.documents().size(),
                manifest.bytes() / 1e6, manifest.tokens(), manifest.shards().size(), manifest.shards().size() == 1 ? "" : "s");
    }

    private void verify(Manifest.Shard shard) {
        Path file = folder.resolve(shard.file());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != shard.tokens() * manifest.tokenBytes()) {
                throw changed(file, "it has " + channel.size() + " bytes, not " + shard.tokens() * manifest.tokenBytes());
            }
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
            if (!HexFormat.of().toHexDigits((int) crc.getValue()).equals(shard.crc32c())) {
                throw changed(file, "its CRC32C differs from the manifest's");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw changed(file, "it is missing");
        } catch (IOException e) {
            throw new MinigptException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private MinigptException changed(Path file, String why) {
        return new MinigptException("shard " + file + " changed since it was prepared (" + why + "); prepare "
                + folder + " again");
    }
}
