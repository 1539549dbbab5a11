package org.minigpt.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.core.run.Folders;

/**
 * A worker's inner optimizer state (AdamW's moments), as the files its trainer saves: it travels with
 * each round's task, so a task run again on another executor starts from the same state.
 */
record WorkerState(Map<String, byte[]> files) implements Serializable {
    static WorkerState of(ModelTrainer trainer) {
        return inTempFolder(folder -> {
            trainer.saveState(folder);
            return read(folder);
        });
    }

    void loadInto(ModelTrainer trainer) {
        inTempFolder(folder -> {
            write(folder);
            trainer.loadState(folder);
            return null;
        });
    }

    long bytes() {
        return files.values().stream().mapToLong(file -> file.length).sum();
    }

    /** Each file of {@code folder} (not its subfolders). */
    static WorkerState read(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return new WorkerState(files);
    }

    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
    }

    private interface InFolder<T> {
        T apply(Path folder) throws IOException;
    }

    private static <T> T inTempFolder(InFolder<T> work) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("minigpt-worker-state");
            return work.apply(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (folder != null) {
                try {
                    Folders.deleteTree(folder);
                } catch (IOException e) {
                    // a temporary folder left behind costs nothing but space
                }
            }
        }
    }
}
