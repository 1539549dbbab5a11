package org.minigpt.tests;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minigpt.cli.data.TinyShakespeare;

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

    static Path projectRoot() {
        return Path.of(System.getProperty("minigpt.root", "..")).toAbsolutePath().normalize();
    }
}
