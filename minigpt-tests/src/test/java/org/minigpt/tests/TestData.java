package org.minigpt.tests;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.minigpt.core.data.TinyShakespeare;

/**
 * TinyShakespeare for tests: the copy named by {@code -Dminigpt.test.data} (the parent pom points it
 * at {@code ../shared/data} beside the checkout) when it exists, else the user's download cache,
 * downloading it there once. Never skips: without the text the tests fail and say why.
 */
final class TestData {
    private TestData() {
    }

    static Path tinyShakespeare() {
        String configured = System.getProperty("minigpt.test.data");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        return TinyShakespeare.ensureCached(TinyShakespeare.cacheDirectory(System.getenv()), new PrintStream(System.err, true));
    }

    /** The first {@code characters} characters of TinyShakespeare, as a file in {@code dir}. */
    static Path shakespeareSlice(Path dir, int characters) throws Exception {
        String text = Files.readString(tinyShakespeare());
        Path slice = dir.resolve("shakespeare-slice.txt");
        Files.writeString(slice, text.substring(0, characters));
        return slice;
    }

    /** Copies the folder {@code from}, with everything in it, to {@code to}; returns {@code to}. */
    static Path copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file));
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("minigpt.root", "..")).toAbsolutePath().normalize();
    }
}
