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
    private TextFiles() {
    }

    public static String readUtf8(Path file) {
        if (Files.isDirectory(file)) {
            throw new MinigptException("data file " + file + " is a directory; pass a UTF-8 text file with --data");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MinigptException("data file " + file + " does not exist; pass a UTF-8 text file with --data");
        } catch (AccessDeniedException e) {
            throw new MinigptException("data file " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new MinigptException("data file " + file + " cannot be read: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new MinigptException("data file " + file + " is empty; pass a UTF-8 text file with --data");
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
