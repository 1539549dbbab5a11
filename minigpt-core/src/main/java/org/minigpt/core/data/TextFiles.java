package org.minigpt.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;

/** Reads a training text, failing with one clear line for each way a file can be unusable. */
public final class TextFiles {
    static final int HEAP_BYTES_PER_BYTE = 8;
    private TextFiles() {
    }

    /**
     * A text held in memory takes about {@value #HEAP_BYTES_PER_BYTE} bytes of heap a byte (the text, its tokens,
     * their split): one that would not fit is refused before it is read, naming the way that takes any size.
     */
    private static void requireFitsInHeap(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return; // reading it says what is wrong
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (size * HEAP_BYTES_PER_BYTE > heap) {
            throw tooLarge(file, size, heap);
        }
    }

    /** The corpus, not the model, is what does not fit: the message says so, and how to train on it anyway. */
    public static MinigptException tooLarge(Path file, long size, long heap) {
        return DataProblem.tooLarge(file, String.format("(%,.0f MB) is too large to hold in memory (this JVM's heap is %,d MB)",
                size / 1e6, heap >> 20));
    }

    public static String readUtf8(Path file) {
        if (Files.isDirectory(file)) {
            throw DataProblem.isADirectory(file);
        }
        requireFitsInHeap(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DataProblem.missing(file);
        } catch (AccessDeniedException e) {
            throw new MinigptException("data file " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new MinigptException("data file " + file + " cannot be read: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw DataProblem.empty(file);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MinigptException("data file " + file + " is not UTF-8 text; convert it (e.g. iconv -t UTF-8) or pick another file");
        }
    }
}
