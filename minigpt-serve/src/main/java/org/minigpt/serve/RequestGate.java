package org.minigpt.serve;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests a model takes at once, decoding or waiting, over all its loops: past {@code capacity} a request is
 * refused at once (429) so that nothing else slows down. Taking a place is one atomic step, so clients arriving
 * together cannot all slip in. Thread-safe.
 */
final class RequestGate {
    private final int capacity;
    private final AtomicInteger outstanding = new AtomicInteger();

    RequestGate(int capacity) {
        this.capacity = capacity;
    }

    /** Takes a place if one is free. */
    boolean tryEnter() {
        if (outstanding.incrementAndGet() > capacity) {
            outstanding.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Requests decoding or waiting. */
    int outstanding() {
        return outstanding.get();
    }

    /** A request has ended: its place is free. */
    void leave() {
        outstanding.decrementAndGet();
    }
}
