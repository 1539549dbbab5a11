package org.minigpt.core.internal.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextPiecesTest {
    @TempDir
    Path dir;

    @Test
    void piecesJoinToTheTextAndAreCutOnlyAfterALineBreakBeforeText() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 3_500_000; i++) {
            text.append(i % 7 == 0 ? "\n  indented line " : "line ").append(i).append(i % 3 == 0 ? "\n\n" : "\n");
        }
        List<String> pieces = read(write("lines.txt", text.toString()), false);
        assertTrue(pieces.size() >= 3, "pieces: " + pieces.size());
        assertEquals(text.toString(), String.join("", pieces));
        for (int i = 0; i + 1 < pieces.size(); i++) {
            assertTrue(pieces.get(i).endsWith("\n"), "piece " + i + " ends a line");
            assertFalse(Character.isWhitespace(pieces.get(i + 1).charAt(0)), "piece " + (i + 1) + " starts with text");
        }
    }

    @Test
    void aLineLongerThanFourPiecesIsCutAnywayAndKeepsEveryCharacter() throws Exception {
        String text = "é".repeat(5 * TextPieces.PIECE_CHARACTERS);
        List<String> pieces = read(write("one-line.txt", text), false);
        assertTrue(pieces.size() >= 2);
        assertEquals(text, String.join("", pieces));
    }

    @Test
    void crLfBecomesLfWhenAsked() throws Exception {
        Path file = write("windows.txt", "one\r\ntwo\r\n");
        assertEquals("one\ntwo\n", String.join("", read(file, true)));
        assertEquals("one\r\ntwo\r\n", String.join("", read(file, false)));
    }

    @Test
    void invalidUtf8IsNamedWithItsByteOffset() throws Exception {
        byte[] bytes = "good text, then ".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        bad[bytes.length] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
        bad[bytes.length + 1] = 'x';
        bad[bytes.length + 2] = '\n';
        Path file = dir.resolve("latin1.txt");
        Files.write(file, bad);
        TextPieces.BadText error = assertThrows(TextPieces.BadText.class, () -> read(file, false));
        assertEquals(file + " is not UTF-8 text: invalid byte at offset " + bytes.length, error.getMessage());
    }

    @Test
    void aBinaryFileIsRefusedByName() throws Exception {
        Path file = dir.resolve("image.txt");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        TextPieces.BadText error = assertThrows(TextPieces.BadText.class, () -> read(file, false));
        assertTrue(error.getMessage().startsWith(file + " is a binary file"), error.getMessage());
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static List<String> read(Path file, boolean crlfAsLf) throws Exception {
        List<String> pieces = new ArrayList<>();
        TextPieces.read(file, crlfAsLf, pieces::add, bytes -> { });
        return pieces;
    }
}
