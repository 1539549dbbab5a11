package org.minigpt.core.internal.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.minigpt.api.MinigptException;
import org.minigpt.api.tokenizer.TrainingCorpus;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.corpus.PrepareListener;

/**
 * The corpus's files as a tokenizer sees them while it learns. Every pass reads all of them, so the
 * first pass also finds the files that are not text (refused, or skipped and listed with
 * {@code data.skip_bad_files}) and the empty ones (skipped).
 */
final class CorpusScan implements TrainingCorpus {
    private final List<Path> files;
    private final CorpusOptions options;
    private final PrepareListener listener;
    private final long totalBytes;
    private final Map<Path, String> skipped = new LinkedHashMap<>();
    private boolean scanned;

    CorpusScan(List<Path> files, CorpusOptions options, PrepareListener listener) {
        this.files = files;
        this.options = options;
        this.listener = listener;
        long total = 0;
        for (Path file : files) {
            total += size(file);
        }
        this.totalBytes = total;
    }

    @Override
    public void forEachPiece(Consumer<String> piece) {
        pass("learn", piece, 1);
    }

    @Override
    public void forEachSamplePiece(Consumer<String> piece) {
        pass("sample", piece, Math.max(1, totalBytes / options.sampleCharacters()));
    }

    /** Makes sure one pass has run, for a tokenizer that learned nothing from the corpus (or was given). */
    void requireScanned() {
        if (!scanned) {
            pass("check", piece -> { }, Long.MAX_VALUE);
        }
    }

    /** The files to encode: the text files, in order. */
    List<Path> documents() {
        requireScanned();
        return files.stream().filter(file -> !skipped.containsKey(file)).toList();
    }

    /** Each skipped file and why. */
    Map<Path, String> skipped() {
        return Map.copyOf(skipped);
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Reads every file, passing every {@code every}-th piece (the first of each file's group) to {@code piece}. */
    private void pass(String phase, Consumer<String> piece, long every) {
        listener.phase(phase, totalBytes);
        long[] seen = {0};
        long done = 0;
        for (Path file : files) {
            if (skipped.containsKey(file)) {
                done += size(file);
                continue;
            }
            if (size(file) == 0) {
                skipped.put(file, "empty");
                continue;
            }
            long before = done;
            try {
                TextPieces.read(file, options.crlfAsLf(), text -> {
                    if (seen[0]++ % every == 0) {
                        piece.accept(text);
                    }
                }, bytes -> listener.advanced(before + bytes));
            } catch (TextPieces.BadText e) {
                if (!options.skipBadFiles()) {
                    throw new MinigptException(e.getMessage() + "; fix or remove it, or set data.skip_bad_files=true to skip such files");
                }
                skipped.put(file, e.getMessage());
            } catch (IOException e) {
                throw new MinigptException("cannot read " + file + ": " + e.getMessage());
            }
            done += size(file);
        }
        scanned = true;
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new MinigptException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A list of the skipped files for the manifest. */
    List<Manifest.Skipped> skippedList() {
        List<Manifest.Skipped> list = new ArrayList<>();
        skipped.forEach((file, why) -> list.add(new Manifest.Skipped(file.toString(), why)));
        return list;
    }
}
