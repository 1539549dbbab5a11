package org.minigpt.core.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.minigpt.api.MinigptException;

/**
 * A run's {@code checkpoints/} folder: one {@code step-NNNNNNN} folder per checkpoint, and a
 * {@code best} file naming the one with the lowest validation loss. A checkpoint is written into a
 * hidden temporary folder and renamed into place when complete, so a crash or a full disk never
 * leaves a half checkpoint among the complete ones. Only the {@code keep} latest and the best are kept.
 */
public final class Checkpoints {
    public static final String DIR = "checkpoints";
    public static final String LATEST = "latest";
    public static final String BEST = "best";
    private static final String PREFIX = "step-";
    private static final String TEMP_PREFIX = ".partial-";

    private final Path dir;
    private final int keep;
    private final Contents runFiles;

    /** For reading a run's checkpoints. */
    public Checkpoints(Path runDir) {
        this(runDir, 1, folder -> { });
    }

    /**
     * For a run that saves checkpoints and keeps the {@code keep} latest, besides the best.
     *
     * @param runFiles writes the run's config and tokenizer into each checkpoint, so that one
     *     checkpoint folder holds everything the model needs
     */
    public Checkpoints(Path runDir, int keep, Contents runFiles) {
        this.dir = runDir.resolve(DIR);
        this.keep = keep;
        this.runFiles = runFiles;
    }

    /** Writes the model and optimizer files into a folder. */
    @FunctionalInterface
    public interface Contents {
        void writeTo(Path folder) throws IOException;
    }

    /**
     * Saves a checkpoint at {@code state.step()}; {@code best} marks it as the lowest validation loss.
     *
     * @throws MinigptException if it cannot be written completely; the earlier checkpoints are kept
     */
    public Checkpoint save(CheckpointState state, Contents contents, boolean best) {
        String name = folderName(state.step());
        Path temp = dir.resolve(TEMP_PREFIX + name);
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Folders.deleteTree(temp);
            Files.createDirectory(temp);
            contents.writeTo(temp);
            runFiles.writeTo(temp);
            state.write(temp);
            syncFiles(temp);
            Folders.deleteTree(target); // a checkpoint of the same step from before a resume
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            if (best) {
                writeAtomically(dir.resolve(BEST), name + "\n");
            }
        } catch (IOException e) {
            try {
                Folders.deleteTree(temp);
            } catch (IOException ignored) {
                // the partial folder is hidden and removed by the next save
            }
            String kept = latest().map(c -> "; " + c.name() + " is kept").orElse("");
            throw new MinigptException("could not save checkpoint " + name + " in " + dir + " ("
                    + describe(e) + ")" + kept);
        }
        prune();
        return new Checkpoint(target, state);
    }

    /** The most recent complete checkpoint whose state can be read. */
    public Optional<Checkpoint> latest() {
        return newestFirst().stream().findFirst();
    }

    /** The checkpoint with the lowest validation loss, if any was evaluated. */
    public Optional<Checkpoint> best() {
        Path pointer = dir.resolve(BEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            Path folder = dir.resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim());
            return Files.isDirectory(folder) ? Optional.of(open(folder)) : Optional.empty();
        } catch (IOException | MinigptException e) {
            return Optional.empty(); // damaged() says why
        }
    }

    /** {@code latest}, {@code best}, or a step number. */
    public Checkpoint find(String name) {
        Optional<Checkpoint> found = switch (name) {
            case LATEST -> latest();
            case BEST -> best().or(this::latest);
            default -> {
                try {
                    Path folder = dir.resolve(folderName(Long.parseLong(name.trim())));
                    yield Files.isDirectory(folder) ? Optional.of(open(folder)) : Optional.empty();
                } catch (NumberFormatException e) {
                    throw CheckpointProblem.badName(name);
                }
            }
        };
        List<String> damaged = damaged();
        return found.orElseThrow(() -> new MinigptException("no checkpoint '" + name + "' in " + dir
                + (complete().isEmpty() ? "" : "; it has " + String.join(", ", names()))
                + (damaged.isEmpty() ? "" : "; " + String.join("; ", damaged))));
    }

    /** Every complete checkpoint whose state can be read, newest first: what to fall back on if the latest is damaged. */
    public List<Checkpoint> newestFirst() {
        List<Checkpoint> all = new ArrayList<>();
        List<Path> folders = complete();
        for (int i = folders.size() - 1; i >= 0; i--) {
            try {
                all.add(open(folders.get(i)));
            } catch (MinigptException damaged) {
                // listed by damaged()
            }
        }
        return all;
    }

    /** Why each checkpoint folder whose state cannot be read is left out of {@link #newestFirst()}. */
    public List<String> damaged() {
        List<String> problems = new ArrayList<>();
        for (Path folder : complete()) {
            try {
                open(folder);
            } catch (MinigptException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** The steps of the loadable checkpoints other than {@code checkpoint}: what a user can try instead. */
    public List<String> alternativesTo(Checkpoint checkpoint) {
        return newestFirst().stream().filter(other -> !other.path().equals(checkpoint.path()))
                .map(other -> Long.toString(other.state().step())).toList();
    }

    private static String folderName(long step) {
        return String.format("%s%07d", PREFIX, step);
    }

    private List<String> names() {
        return complete().stream().map(path -> path.getFileName().toString()).toList();
    }

    private Checkpoint open(Path folder) {
        return new Checkpoint(folder, CheckpointState.read(folder));
    }

    private List<Path> complete() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .filter(path -> path.getFileName().toString().startsWith(PREFIX))
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new MinigptException("cannot list " + dir + ": " + describe(e));
        }
    }

    // Keeps the newest and the best; a failure to delete an old one only costs disk space.
    private void prune() {
        List<Path> all = complete();
        Path best = best().map(Checkpoint::path).orElse(null);
        for (Path folder : all.subList(0, Math.max(0, all.size() - keep))) {
            if (!folder.equals(best)) {
                try {
                    Folders.deleteTree(folder);
                } catch (IOException ignored) {
                    // left for the user; it is a complete checkpoint, not a broken one
                }
            }
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // The rename must not reach the disk before the data it names.
    private static void syncFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
