package org.minigpt.samediff.decode;

import java.util.concurrent.locks.LockSupport;

/**
 * Splits a decoding step's loops over the cores: a range of output columns or of rows to each thread. Every
 * element is computed by the same code whichever thread takes it, so results do not depend on the split.
 * A step hands its helpers dozens of short loops: they wait for the next one spinning for a while before they
 * sleep, as OpenMP's threads do, because waking a sleeping thread costs about as much as a loop.
 */
final class StepThreads implements AutoCloseable {
    /** Below this many multiply-adds a loop stays on the calling thread. */
    private static final long SPLIT_WORK = 1L << 17;
    /** How long an idle helper spins before it sleeps. */
    private static final long SPIN_NANOS = 2_000_000;

    /** Work on the indices {@code from} (inclusive) to {@code to} (exclusive). */
    interface Range {
        void run(int from, int to);
    }

    private final Helper[] helpers;

    private static final class Helper implements Runnable {
        private final Thread thread;
        private volatile Range range;
        private volatile int from;
        private volatile int to;
        private volatile boolean busy;
        private volatile boolean closed;
        private volatile Throwable failure;

        Helper() {
            thread = new Thread(this, "minigpt-decode");
            thread.setDaemon(true);
            thread.start();
        }

        void start(Range work, int start, int end) {
            range = work;
            from = start;
            to = end;
            busy = true;
            LockSupport.unpark(thread);
        }

        void await() {
            while (busy) {
                Thread.onSpinWait();
            }
            if (failure != null) {
                Throwable thrown = failure;
                failure = null;
                throw thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (!closed) {
                if (busy) {
                    try {
                        range.run(from, to);
                    } catch (Throwable e) {
                        failure = e;
                    }
                    range = null;
                    busy = false;
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
        }
    }

    StepThreads(int threads) {
        this.helpers = new Helper[Math.max(1, threads) - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper();
        }
    }

    /** {@code range} over 0 to {@code size}, in parts on the threads when {@code work} multiply-adds are worth it. */
    void split(int size, long work, Range range) {
        int parts = (int) Math.min(Math.min(helpers.length + 1, size), Math.max(1, work / SPLIT_WORK));
        if (parts <= 1) {
            range.run(0, size);
            return;
        }
        for (int part = 1; part < parts; part++) {
            helpers[part - 1].start(range, bound(size, parts, part), bound(size, parts, part + 1));
        }
        range.run(0, bound(size, parts, 1));
        for (int part = 1; part < parts; part++) {
            helpers[part - 1].await();
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
        for (Helper helper : helpers) {
            helper.closed = true;
            LockSupport.unpark(helper.thread);
        }
    }
}
