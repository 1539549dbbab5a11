package org.minigpt.core.generate;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sequences that may decode at once, shared by every {@link CompletionScheduler} given it: a server's
 * schedulers on several cores keep to one limit together. Thread-safe.
 */
public final class SequenceLimit {
    private final int limit;
    private final AtomicInteger taken = new AtomicInteger();

    public SequenceLimit(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** Takes {@code count} sequences if they are free. */
    boolean tryTake(int count) {
        while (true) {
            int now = taken.get();
            if (now + count > limit) {
                return false;
            }
            if (taken.compareAndSet(now, now + count)) {
                return true;
            }
        }
    }

    void giveBack(int count) {
        taken.addAndGet(-count);
    }
}
