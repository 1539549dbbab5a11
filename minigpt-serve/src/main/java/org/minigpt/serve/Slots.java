package org.minigpt.serve;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.minigpt.api.model.NextTokenModel;

/**
 * The server's generation slots: {@code parallel} requests generate at once, each with its own decoding
 * state over the shared weights; up to {@code queue} more wait, first come first served; past that a request
 * is refused at once (429) so that nothing else slows down.
 */
final class Slots {
    private final int parallel;
    private final int queue;
    private final BlockingQueue<Slot> free;
    private final AtomicInteger waiting = new AtomicInteger();

    /** One slot: a decoder per served model, made when the slot first generates with it. */
    final class Slot implements AutoCloseable {
        private final Map<String, NextTokenModel> decoders = new HashMap<>();

        NextTokenModel decoder(ServedModel model) {
            return decoders.computeIfAbsent(model.name(), name -> model.model().newDecoder());
        }

        /** Hands the slot to the next request. */
        @Override
        public void close() {
            free.add(this);
        }
    }

    Slots(int parallel, int queue) {
        this.parallel = parallel;
        this.queue = queue;
        this.free = new ArrayBlockingQueue<>(parallel, true);
        for (int i = 0; i < parallel; i++) {
            free.add(new Slot());
        }
    }

    /**
     * A free slot, waiting for one when the queue has room.
     *
     * @throws ApiError 429 when every slot is busy and the queue is full
     */
    Slot acquire() throws InterruptedException {
        Slot slot = free.poll();
        if (slot != null) {
            return slot;
        }
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            throw new ApiError(429, "rate_limit_error", null, "server_busy", "all " + parallel + " generation slots are busy and "
                    + queue + " requests are waiting; retry shortly");
        }
        try {
            return free.take();
        } finally {
            waiting.decrementAndGet();
        }
    }

    int busy() {
        return parallel - free.size();
    }

    int waiting() {
        return waiting.get();
    }
}
