package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code bin/minigpt} command line in the README and the docs names a command that exists and only
 * options it takes: each is parsed by the real CLI (with {@code --help} added, so nothing runs).
 */
class DocsCommandsTest {
    private static final Pattern BLOCK = Pattern.compile("(?ms)^ *```(?:sh|text|bash)?\\n(.*?)^ *```");
    private static final Pattern COMMAND = Pattern.compile("^\\s*(?:\\$ )?bin/minigpt (.*)$");

    @Test
    void everyCommandInTheDocsParses() throws Exception {
        Path root = TestData.projectRoot();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            Matcher block = BLOCK.matcher(Files.readString(page));
            while (block.find()) {
                for (String line : joinContinuations(block.group(1))) {
                    Matcher command = COMMAND.matcher(line);
                    if (!command.matches()) {
                        continue;
                    }
                    List<String> args = words(command.group(1));
                    args.add("--help");
                    CliRun run = CliRun.of(args.toArray(String[]::new));
                    checked++;
                    if (run.exitCode() != 0 || !run.out().startsWith("usage: minigpt " + args.get(0))) {
                        failures.add(page.getFileName() + ": bin/minigpt " + command.group(1) + "\n" + run.err());
                    }
                }
            }
        }
        assertTrue(checked >= 20, "the docs hold bin/minigpt commands: " + checked);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static List<String> joinContinuations(String block) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        return lines;
    }

    /** The words a POSIX shell makes of {@code line}, up to a comment, a pipe or a redirection. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (word == null && (c == '#' || c == '|' || c == '>' || c == '&' || c == ';')) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
