package org.minigpt.samediff.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a decoding step's loops over the cores: a range of output columns or of rows to each thread. Every
 * element is computed by the same code whichever thread takes it, so results do not depend on the split.
 */
final class StepThreads implements AutoCloseable {
    /** Below this many multiply-adds a loop stays on the calling thread: waking another costs more. */
    private static final long SPLIT_WORK = 1L << 19;

    /** Work on the indices {@code from} (inclusive) to {@code to} (exclusive). */
    interface Range {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService helpers;

    StepThreads(int threads) {
        this.threads = Math.max(1, threads);
        this.helpers = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, runnable -> {
            Thread thread = new Thread(runnable, "minigpt-decode");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@code range} over 0 to {@code size}, in parts on the threads when {@code work} multiply-adds are worth it. */
    void split(int size, long work, Range range) {
        int parts = (int) Math.min(Math.min(threads, size), Math.max(1, work / SPLIT_WORK));
        if (parts <= 1) {
            range.run(0, size);
            return;
        }
        List<Future<?>> helping = new ArrayList<>(parts - 1);
        for (int part = 1; part < parts; part++) {
            int from = bound(size, parts, part);
            int to = bound(size, parts, part + 1);
            helping.add(helpers.submit(() -> range.run(from, to)));
        }
        range.run(0, bound(size, parts, 1));
        for (Future<?> help : helping) {
            try {
                help.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while decoding", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        }
    }

    // Part boundaries on multiples of 16 columns, so each part's inner loops run whole vectors.
    private static int bound(int size, int parts, int part) {
        if (part == parts) {
            return size;
        }
        return Math.min(size, (int) ((long) size * part / parts) & ~15);
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
