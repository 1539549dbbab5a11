package org.minigpt.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code target/error-table.md}: each user mistake or fault a test ran through the CLI, with the
 * line it printed and its exit code, as measured, so the table in the docs is never written by hand.
 */
final class ErrorTable {
    private static final Path FILE = Path.of("target", "error-table.md");
    private static boolean started;

    private ErrorTable() {
    }

    /** Adds a row; {@code dir} (a test's temporary folder) is shown as {@code DIR}. */
    static synchronized void add(String situation, String command, String line, int exitCode, Path dir) {
        try {
            if (!started) {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, "| situation | command | what minigpt prints | exit |\n|---|---|---|---|\n",
                        StandardCharsets.UTF_8);
                started = true;
            }
            String row = "| " + situation + " | `" + command + "` | `" + line + "` | " + exitCode + " |\n";
            Files.writeString(FILE, row.replace(dir.toString(), "DIR"), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
