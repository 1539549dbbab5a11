package org.minigpt.core.corpus;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.minigpt.api.MinigptException;

/**
 * {@code manifest.json} of a prepared corpus: the tokenizer, the shards (tokens and CRC32C each) and
 * the documents in order (tokens each, which the split needs). Written last, so a folder without it
 * is a prepare that did not finish.
 */
public record Manifest(String format, int version, Map<String, String> tokenizer, int vocabSize, int tokenBytes,
        long tokens, long characters, long bytes, boolean crlfAsLf, List<Shard> shards, List<Document> documents,
        List<Skipped> skipped) {
    public static final String FILE_NAME = "manifest.json";
    public static final String FORMAT = "minigpt-corpus";
    public static final int VERSION = 1;
    /** How every shard's file name starts. */
    public static final String SHARD_PREFIX = "tokens-";
    public static final String SHARD_SUFFIX = ".bin";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One shard file: little-endian unsigned tokens of {@code tokenBytes} each. */
    public record Shard(String file, long tokens, String crc32c) {
    }

    /** One source file, in corpus order. */
    public record Document(String path, long bytes, long characters, long tokens) {
    }

    /** A file left out, and why. */
    public record Skipped(String path, String reason) {
    }

    public void write(Path folder) throws IOException {
        Path temp = folder.resolve(FILE_NAME + ".part");
        JSON.writeValue(temp.toFile(), this);
        Files.move(temp, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The manifest of the prepared corpus in {@code folder}, its shards unread. */
    /** Shard {@code index}'s file name. */
    public static String shardName(int index) {
        return String.format("%s%05d%s", SHARD_PREFIX, index, SHARD_SUFFIX);
    }

    public static Manifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        Manifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), Manifest.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw PreparedCorpus.holdsShards(folder) ? CorpusProblem.unfinished(folder) : CorpusProblem.notACorpus(folder);
        } catch (JacksonException e) {
            throw new MinigptException(file + " is not a corpus manifest (" + e.getOriginalMessage() + "); prepare the corpus again");
        } catch (IOException e) {
            throw new MinigptException("cannot read " + file + ": " + e.getMessage());
        }
        if (!FORMAT.equals(manifest.format) || manifest.version != VERSION) {
            throw new MinigptException(file + " is " + manifest.format + " version " + manifest.version + ", not " + FORMAT
                    + " version " + VERSION + "; prepare the corpus again with this minigpt");
        }
        return manifest;
    }
}
