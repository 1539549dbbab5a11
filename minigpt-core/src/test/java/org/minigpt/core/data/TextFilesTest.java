package org.minigpt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.MinigptException;

class TextFilesTest {
    @Test
    void readsUtf8AndRejectsWhatIsNotText(@TempDir Path dir) throws Exception {
        assertEquals("Ünïcödé ✓", TextFiles.readUtf8(Files.writeString(dir.resolve("ok.txt"), "Ünïcödé ✓")));
        assertEquals("data file " + dir + " is a directory; name a UTF-8 text file",
                assertThrows(MinigptException.class, () -> TextFiles.readUtf8(dir)).getMessage());
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThrows(MinigptException.class, () -> TextFiles.readUtf8(latin1));
    }

    @Test
    void theCacheDirectoryFollowsMinigptHome() {
        assertEquals(Path.of("/data/mg"), TinyShakespeare.cacheDirectory(Map.of("MINIGPT_HOME", "/data/mg")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "minigpt"), TinyShakespeare.cacheDirectory(Map.of()));
    }

    @Test
    void aCachedCopyWithTheRightChecksumIsUsedAsIs(@TempDir Path cache) throws Exception {
        Path shared = Path.of(System.getProperty("minigpt.test.data", ""));
        if (!Files.isRegularFile(shared)) {
            shared = TinyShakespeare.ensureCached(TinyShakespeare.cacheDirectory(System.getenv()), System.err);
        }
        Files.copy(shared, cache.resolve(TinyShakespeare.FILE_NAME));
        assertEquals(cache.resolve(TinyShakespeare.FILE_NAME), TinyShakespeare.ensureCached(cache, System.err));
        assertEquals(TinyShakespeare.SHA256, TinyShakespeare.sha256(cache.resolve(TinyShakespeare.FILE_NAME)));
    }
}
