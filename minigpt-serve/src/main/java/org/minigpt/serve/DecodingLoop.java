package org.minigpt.serve;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Decoder;
import org.minigpt.core.generate.Completion;
import org.minigpt.core.generate.CompletionCursor;
import org.minigpt.core.generate.CompletionRequest;
import org.minigpt.core.generate.CompletionScheduler;
import org.minigpt.core.generate.SequenceLimit;

/**
 * One of a served model's decoding loops: its decoder, the scheduler that steps its sequences together (continuous
 * batching), and the thread that runs the steps. Requests join and leave between steps; past the model's
 * {@code parallel} sequences they wait, up to {@code queue} of them, and past that are refused (429).
 */
final class DecodingLoop implements AutoCloseable {
    /** Prompt tokens one step takes at most, so that a long prompt delays the running streams by little. */
    static final int PREFILL_TOKENS = 64;

    private final Decoder decoder;
    private final CompletionScheduler scheduler;
    private final RequestGate gate;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean closing;

    /** @param parallel the sequences this loop and the model's other loops decode at once, together */
    DecodingLoop(String name, Decoder decoder, SequenceLimit parallel, RequestGate gate, ServerMetrics metrics) {
        this.decoder = decoder;
        this.gate = gate;
        this.scheduler = new CompletionScheduler(decoder, parallel, PREFILL_TOKENS, metrics::stepped);
        this.thread = new Thread(this::run, "minigpt-decode-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped) {
            try {
                if (!scheduler.step()) {
                    scheduler.awaitWork(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A failed step is a defect: say so, and let the requests of this model fail rather than hang.
                System.err.println("minigpt: decoding step failed: " + e);
                stopped = true;
            }
        }
    }

    /**
     * Queues one prompt's choices.
     *
     * @throws ApiError 429 when the model's gate is full, 400 when the request could never fit, 503 when the loop
     *     has stopped
     */
    CompletionRequest submit(List<CompletionCursor> choices, CompletionRequest.Progress progress) {
        if (stopped) {
            throw new ApiError(503, "server_error", null, "decoder_stopped", "the server can no longer generate; restart it");
        }
        if (!gate.tryEnter()) {
            throw new ApiError(429, "rate_limit_error", null, "server_busy", "every sequence is decoding and the queue is full;"
                    + " retry shortly");
        }
        try {
            return scheduler.submit(choices, leavingWhenEnded(choices.size(), progress));
        } catch (MinigptException e) {
            gate.leave();
            throw ApiError.invalid("n", e.getMessage() + "; lower n or max_tokens");
        }
    }

    // The request's place in the gate is freed when its last choice ends.
    private CompletionRequest.Progress leavingWhenEnded(int choices, CompletionRequest.Progress progress) {
        int[] open = {choices};
        return new CompletionRequest.Progress() {
            @Override
            public void token(int choice) {
                progress.token(choice);
            }

            @Override
            public void ended(int choice, Completion.Result result) {
                progress.ended(choice, result);
                if (--open[0] == 0) {
                    gate.leave();
                }
            }
        };
    }

    /** Starts no more requests: those waiting end before their first token, those decoding go on. */
    void stopAdmitting() {
        closing = true;
        scheduler.stopAdmitting();
    }

    /** True once the server is shutting down. */
    boolean closing() {
        return closing;
    }

    /** True once the loop no longer steps: requests still waiting on it will never end by themselves. */
    boolean stopped() {
        return stopped;
    }

    int sequences() {
        return scheduler.sequences();
    }

    int waiting() {
        return scheduler.waiting();
    }

    /** The share of the cache's positions reserved. */
    double cacheUse() {
        return 1 - (double) decoder.available() / decoder.capacity();
    }

    /** Stops stepping; requests still under way end as they are. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        decoder.close();
    }
}
