package org.minigpt.core.internal.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.minigpt.api.MinigptException;

/** The files a corpus's paths name: a file, a folder's {@code *.txt} files (recursively), or a glob; in a stable order. */
public final class CorpusFiles {
    private CorpusFiles() {
    }

    /** @throws MinigptException for a path that names nothing, or a corpus without files */
    public static List<Path> of(List<String> paths) {
        Set<Path> files = new LinkedHashSet<>();
        for (String path : paths) {
            files.addAll(expand(path));
        }
        if (files.isEmpty()) {
            throw new MinigptException(String.join(" ", paths) + " holds no *.txt files; name text files, a folder of them, or a glob");
        }
        return List.copyOf(files);
    }

    private static List<Path> expand(String path) {
        int glob = firstGlobCharacter(path);
        if (glob >= 0) {
            int slash = path.lastIndexOf('/', glob);
            Path base = Path.of(slash < 0 ? "." : path.substring(0, Math.max(slash, 1)));
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
            return walk(base, file -> matcher.matches(slash < 0 ? base.relativize(file) : file));
        }
        Path file = Path.of(path);
        if (Files.isDirectory(file)) {
            return walk(file, candidate -> candidate.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"));
        }
        if (!Files.exists(file)) {
            throw new MinigptException("corpus path " + path + " does not exist; name a text file, a folder or a glob");
        }
        return List.of(file);
    }

    private static int firstGlobCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            if ("*?[{".indexOf(path.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> walk(Path base, java.util.function.Predicate<Path> wanted) {
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(base)) {
            List<Path> files = new ArrayList<>(all.filter(Files::isRegularFile).filter(wanted).toList());
            files.sort((a, b) -> a.toString().compareTo(b.toString()));
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new MinigptException("cannot list " + base + ": " + e.getMessage());
        }
    }
}
