package org.minigpt.core.internal.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Streams a UTF-8 file as pieces of about {@link #PIECE_CHARACTERS} characters, cut after a line break
 * followed by a character that is not white space (so no tokenizer chunk spans a cut); a line longer
 * than four pieces is cut anyway. A file that is binary or not UTF-8 fails naming the byte.
 */
final class TextPieces {
    static final int PIECE_CHARACTERS = 1 << 20;
    private static final int BINARY_PROBE = 8000;

    /** Why a file cannot be read as text: one line, naming the file. */
    static final class BadText extends Exception {
        private static final long serialVersionUID = 1L;

        BadText(String message) {
            super(message);
        }
    }

    private final boolean crlfAsLf;
    private final Consumer<String> piece;
    private final StringBuilder pending = new StringBuilder(2 * PIECE_CHARACTERS);
    /** Cuts before this index of {@code pending} are known not to be safe: a long line is searched once. */
    private int searchedTo = 1;

    private TextPieces(boolean crlfAsLf, Consumer<String> piece) {
        this.crlfAsLf = crlfAsLf;
        this.piece = piece;
    }

    /**
     * Passes the file's pieces, in order, to {@code piece}, and the bytes read so far to {@code bytesRead}.
     *
     * @return the characters passed
     */
    static long read(Path file, boolean crlfAsLf, Consumer<String> piece, LongConsumer bytesRead) throws BadText, IOException {
        long[] characters = {0};
        new TextPieces(crlfAsLf, text -> {
            characters[0] += text.length();
            piece.accept(text);
        }).decode(file, bytesRead);
        return characters[0];
    }

    private void decode(Path file, LongConsumer bytesRead) throws BadText, IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 18);
        CharBuffer out = CharBuffer.allocate(1 << 18);
        long consumed = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                boolean end = channel.read(in) < 0;
                in.flip();
                if (consumed == 0) {
                    requireText(file, in);
                }
                CoderResult result;
                do {
                    result = decoder.decode(in, out, end);
                    if (result.isError()) {
                        throw new BadText(file + " is not UTF-8 text: invalid byte at offset " + (consumed + in.position()));
                    }
                    drain(out);
                } while (result.isOverflow());
                consumed += in.position();
                bytesRead.accept(consumed);
                in.compact();
                if (end) {
                    decoder.flush(out);
                    drain(out);
                    break;
                }
            }
        }
        emit(pending.length());
    }

    /** Binary files are told by a NUL byte near their start, as git and grep tell them. */
    private static void requireText(Path file, ByteBuffer start) throws BadText {
        for (int i = start.position(); i < Math.min(start.limit(), BINARY_PROBE); i++) {
            if (start.get(i) == 0) {
                throw new BadText(file + " is a binary file, not text (a NUL byte at offset " + i + ")");
            }
        }
    }

    private void drain(CharBuffer out) {
        out.flip();
        pending.append(out);
        out.clear();
        while (pending.length() >= PIECE_CHARACTERS) {
            int cut = lastSafeCut();
            if (cut <= 0) {
                if (pending.length() < 4 * PIECE_CHARACTERS) {
                    return;
                }
                cut = Character.isHighSurrogate(pending.charAt(PIECE_CHARACTERS - 1)) ? PIECE_CHARACTERS - 1 : PIECE_CHARACTERS;
            }
            emit(cut);
        }
    }

    /** The last place after a line break and before a character that is not white space; 0 if none. */
    private int lastSafeCut() {
        for (int i = pending.length() - 1; i >= searchedTo; i--) {
            if (pending.charAt(i - 1) == '\n' && !Character.isWhitespace(pending.charAt(i))) {
                return i;
            }
        }
        searchedTo = Math.max(1, pending.length() - 1);
        return 0;
    }

    private void emit(int end) {
        if (end == 0) {
            return;
        }
        String text = pending.substring(0, end);
        pending.delete(0, end);
        searchedTo = Math.max(1, searchedTo - end);
        piece.accept(crlfAsLf ? text.replace("\r\n", "\n") : text);
    }
}
