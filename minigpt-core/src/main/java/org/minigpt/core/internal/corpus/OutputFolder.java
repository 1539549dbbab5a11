package org.minigpt.core.internal.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.minigpt.api.MinigptException;
import org.minigpt.core.corpus.CorpusProblem;
import org.minigpt.core.corpus.Manifest;

/** The folder {@code prepare} writes: new, empty, or left by a prepare that did not finish (then cleaned first). */
final class OutputFolder {
    private OutputFolder() {
    }

    static void claim(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw CorpusProblem.outIsAFile(folder);
        }
        if (Files.exists(folder.resolve(Manifest.FILE_NAME))) {
            throw new MinigptException(folder + " already holds a prepared corpus; prepare into a new folder, or delete it first");
        }
        Files.createDirectories(folder);
        List<Path> entries;
        try (Stream<Path> list = Files.list(folder)) {
            entries = list.toList();
        }
        List<Path> foreign = entries.stream().filter(entry -> !isOurs(entry.getFileName().toString())).toList();
        if (!foreign.isEmpty()) {
            throw new MinigptException(folder + " is not empty (it holds " + foreign.get(0).getFileName()
                    + "); prepare into a new folder");
        }
        for (Path entry : entries) { // an unfinished prepare's shards: start clean
            Files.delete(entry);
        }
    }

    private static boolean isOurs(String name) {
        return name.startsWith(Manifest.SHARD_PREFIX) && (name.endsWith(Manifest.SHARD_SUFFIX) || name.endsWith(ShardWriter.PART))
                || name.startsWith("tokenizer.json") || name.startsWith(Manifest.FILE_NAME);
    }
}
