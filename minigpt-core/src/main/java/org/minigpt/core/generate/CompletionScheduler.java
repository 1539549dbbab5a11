package org.minigpt.core.generate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.Decoder.Feed;

/**
 * Continuous batching: many completions decoded together over one {@link Decoder}, one step at a time. Each step
 * feeds every running sequence its newest token and new requests a chunk of their prompts, bounded so that a
 * long prompt cannot stall the others for long. Requests join and leave between steps; a request's choices share
 * its prompt's cache (computed once, then forked). Requests wait, first come first served, while the cache or
 * the sequence limit is full. {@link #submit} and {@link CompletionRequest#cancel} may be called from any thread; the
 * steps, and every cursor's callbacks, run on the thread that calls {@link #step} or {@link #drain}.
 */
public final class CompletionScheduler {
    private final Decoder decoder;
    private final SequenceLimit limit;
    private final int prefillTokens;
    private final StepListener listener;
    private final Queue<CompletionRequest> submitted = new ConcurrentLinkedQueue<>();
    private final Deque<CompletionRequest> waiting = new ArrayDeque<>();
    private final List<CompletionRequest> running = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final AtomicInteger pending = new AtomicInteger();
    private long promisedForks;
    private volatile int sequences;
    private volatile boolean closed;

    /**
     * @param maxSequences sequences decoded at once (a request holds one per choice)
     * @param prefillTokens prompt tokens a step takes at most, over all new requests
     */
    public CompletionScheduler(Decoder decoder, int maxSequences, int prefillTokens, StepListener listener) {
        this(decoder, new SequenceLimit(maxSequences), prefillTokens, listener);
    }

    /** A scheduler that keeps to {@code limit} together with the other schedulers that share it. */
    public CompletionScheduler(Decoder decoder, SequenceLimit limit, int prefillTokens, StepListener listener) {
        this.decoder = decoder;
        this.limit = limit;
        this.prefillTokens = Math.max(1, prefillTokens);
        this.listener = listener;
    }

    /**
     * Queues {@code choices}, cursors started on one prompt with one token budget; {@code progress} hears of them.
     *
     * @throws MinigptException when the request could never fit, alone, in the sequence limit or the cache
     */
    public CompletionRequest submit(List<CompletionCursor> choices, CompletionRequest.Progress progress) {
        CompletionRequest request = new CompletionRequest(choices, progress, decoder.contextLength(), this::wake);
        if (choices.stream().allMatch(CompletionCursor::finished)) {
            for (int c = 0; c < choices.size(); c++) {
                request.progress.ended(c, choices.get(c).result()); // no tokens asked for
            }
            request.markDone();
            return request;
        }
        if (choices.size() > limit.limit()) {
            throw new MinigptException(choices.size() + " choices are more than the " + limit.limit()
                    + " sequences decoded at once");
        }
        if (request.positions + request.forksPromised() > decoder.capacity()) {
            throw new MinigptException(choices.size() + " choices of up to " + request.positions
                    + " tokens need more than the " + decoder.capacity() + " cache positions there are");
        }
        pending.incrementAndGet();
        submitted.add(request);
        wake();
        return request;
    }

    /**
     * Admits no more requests: those still waiting end, cancelled before their first token, at the next step; those
     * decoding go on. Any thread may call it.
     */
    public void stopAdmitting() {
        closed = true;
        wake();
    }

    /** Requests not yet decoding; any thread may ask. */
    public int waiting() {
        return pending.get();
    }

    /** Sequences decoding now; any thread may ask. */
    public int sequences() {
        return sequences;
    }

    /** Runs steps until every request submitted so far is done. */
    public void drain() {
        while (step()) {
            // every step delivers to its cursors
        }
    }

    /** Waits up to {@code timeout} for a submission or a cancellation when there is nothing to step. */
    public void awaitWork(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (submitted.isEmpty() && running.isEmpty()) {
                arrived.await(timeout, unit);
            }
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Admits what fits, then advances every running request by one step. Returns false when nothing runs. */
    public boolean step() {
        for (CompletionRequest request; (request = submitted.poll()) != null;) {
            waiting.add(request);
        }
        admit();
        List<Feed> feeds = new ArrayList<>();
        List<Consumer<float[]>> deliveries = new ArrayList<>();
        int budget = prefillTokens;
        for (CompletionRequest request : running) {
            if (request.cancelled()) {
                end(request);
            } else if (!request.prefilled()) {
                budget -= prefill(request, budget, feeds, deliveries);
            } else {
                for (int c = 0; c < request.choices.size(); c++) {
                    if (!request.ended[c]) {
                        int choice = c;
                        feeds.add(new Feed(request.held[c], request.next[c], true));
                        deliveries.add(logits -> decoded(request, choice, logits));
                    }
                }
            }
        }
        if (!feeds.isEmpty()) {
            List<float[]> logits = decoder.step(feeds);
            if (listener != null) {
                int rows = feeds.stream().mapToInt(feed -> feed.tokens().length).sum();
                listener.stepped(feeds.size(), rows, decoder.capacity() - decoder.available(), decoder.capacity());
            }
            for (int i = 0; i < feeds.size(); i++) {
                deliveries.get(i).accept(logits.get(i));
            }
        }
        running.removeIf(CompletionRequest::done);
        // Requests that only wait (for sequences another scheduler holds) are no work: the caller may sleep.
        return !feeds.isEmpty() || !running.isEmpty();
    }

    // The waiting requests, in order, while the head fits the sequence limit and the cache.
    private void admit() {
        while (!waiting.isEmpty()) {
            CompletionRequest head = waiting.peek();
            if (head.cancelled() || closed) {
                waiting.poll();
                pending.decrementAndGet();
                head.endUnstarted();
                continue;
            }
            long forks = head.forksPromised();
            if (head.positions + forks > decoder.available() - promisedForks || !limit.tryTake(head.choices.size())) {
                return;
            }
            waiting.poll();
            pending.decrementAndGet();
            head.held[0] = decoder.open(head.positions).orElseThrow();
            promisedForks += forks;
            sequences += head.choices.size();
            running.add(head);
        }
    }

    // The request's next chunk of prompt, at most budget tokens; returns the tokens taken.
    private int prefill(CompletionRequest request, int budget, List<Feed> feeds, List<Consumer<float[]>> deliveries) {
        if (budget <= 0) {
            return 0;
        }
        int take = Math.min(budget, request.prompt.length - request.fed);
        boolean last = request.fed + take == request.prompt.length;
        feeds.add(new Feed(request.held[0], Arrays.copyOfRange(request.prompt, request.fed, request.fed + take), last));
        deliveries.add(logits -> {
            if (last) {
                prefilled(request, logits);
            }
        });
        request.fed += take;
        return take;
    }

    // The prompt is in the cache: every other choice forks it, and each takes its first token from the same logits.
    private void prefilled(CompletionRequest request, float[] logits) {
        for (int c = 1; c < request.choices.size(); c++) {
            request.held[c] = decoder.fork(request.held[0], request.forkPositions).orElseThrow();
        }
        promisedForks -= request.forksPromised();
        for (int c = 0; c < request.choices.size(); c++) {
            decoded(request, c, c == 0 ? logits : logits.clone());
        }
    }

    private void decoded(CompletionRequest request, int choice, float[] logits) {
        CompletionCursor cursor = request.choices.get(choice);
        int token = cursor.accept(logits);
        request.progress.token(choice);
        if (token < 0) {
            endChoice(request, choice);
        } else {
            request.next[choice] = ContextWindow.next(request.held[choice], cursor.history(), decoder.contextLength());
        }
    }

    // A cancelled request: its choices end where they are; forks it was promised are no longer needed.
    private void end(CompletionRequest request) {
        if (!request.forked()) {
            promisedForks -= request.forksPromised();
        }
        request.cancelChoices();
        for (int c = 0; c < request.choices.size(); c++) {
            endChoice(request, c);
        }
    }

    private void endChoice(CompletionRequest request, int choice) {
        if (request.endChoice(choice)) {
            sequences--;
            limit.giveBack(1);
        }
    }
}
