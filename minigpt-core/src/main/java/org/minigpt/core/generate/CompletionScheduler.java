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
import org.minigpt.api.model.Decoder.Sequence;

/**
 * Continuous batching: many completions decoded together over one {@link Decoder}, one step at a time. Each step
 * feeds every running sequence its newest token and new requests a chunk of their prompts, bounded so that a
 * long prompt cannot stall the others for long. Requests join and leave between steps; a request's choices share
 * its prompt's cache (computed once, then forked). Requests wait, first come first served, while the cache or
 * the sequence limit is full. {@link #submit} and {@link Request#cancel} may be called from any thread; the
 * steps, and every cursor's callbacks, run on the thread that calls {@link #step} or {@link #drain}.
 */
public final class CompletionScheduler {
    private final Decoder decoder;
    private final int maxSequences;
    private final int prefillTokens;
    private final StepListener listener;
    private final Queue<Request> submitted = new ConcurrentLinkedQueue<>();
    private final Deque<Request> waiting = new ArrayDeque<>();
    private final List<Request> running = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final AtomicInteger pending = new AtomicInteger();
    private long promisedForks;
    private volatile int sequences;

    /** Told of each step: the sequences it advanced, its rows (tokens) in all, and the cache positions reserved. */
    public interface StepListener {
        void stepped(int sequences, int rows, long cacheReserved, long cacheCapacity);
    }

    /** Told, on the stepping thread, as a request's choices take tokens and end. */
    public interface Progress {
        /** Choice {@code choice} took a token (or its end). */
        default void token(int choice) {
        }

        /** Choice {@code choice} ended, with its result; it has handed on all its pieces. */
        default void ended(int choice, Completion.Result result) {
        }
    }

    /** One prompt and its choices, each a cursor; done when all have ended. */
    public final class Request {
        private final int[] prompt;
        private final List<CompletionCursor> choices;
        private final Progress progress;
        private final Sequence[] held;
        private final int[][] next;
        private final boolean[] ended;
        private volatile boolean cancelled;
        private volatile boolean done;
        private int fed;

        private Request(int[] prompt, List<CompletionCursor> choices, Progress progress) {
            this.prompt = ContextWindow.prompt(prompt, decoder.contextLength());
            this.choices = choices;
            this.progress = progress;
            this.held = new Sequence[choices.size()];
            this.next = new int[choices.size()][];
            this.ended = new boolean[choices.size()];
        }

        /** Ends every choice where it is, at the next step; their sequences are freed then. */
        public void cancel() {
            cancelled = true;
            wake();
        }

        public boolean done() {
            return done;
        }

        private int[] fullPrompt() {
            return choices.get(0).history();
        }

        private int positions() {
            return ContextWindow.positions(fullPrompt().length, choices.get(0).remaining(), decoder.contextLength());
        }

        private int forkPositions() {
            return ContextWindow.forkPositions(fullPrompt().length, choices.get(0).remaining(), decoder.contextLength());
        }

        private long forksPromised() {
            return (long) (choices.size() - 1) * forkPositions();
        }
    }

    /**
     * @param maxSequences sequences decoded at once (a request holds one per choice)
     * @param prefillTokens prompt tokens a step takes at most, over all new requests
     */
    public CompletionScheduler(Decoder decoder, int maxSequences, int prefillTokens, StepListener listener) {
        this.decoder = decoder;
        this.maxSequences = maxSequences;
        this.prefillTokens = Math.max(1, prefillTokens);
        this.listener = listener;
    }

    /**
     * Queues {@code choices}, cursors started on one prompt with one token budget; {@code progress} hears of them.
     *
     * @throws MinigptException when the request could never fit, alone, in the sequence limit or the cache
     */
    public Request submit(List<CompletionCursor> choices, Progress progress) {
        Request request = new Request(choices.get(0).history(), List.copyOf(choices), progress == null ? new Progress() { } : progress);
        if (choices.stream().allMatch(CompletionCursor::finished)) {
            for (int c = 0; c < choices.size(); c++) {
                request.progress.ended(c, choices.get(c).result()); // no tokens asked for
            }
            request.done = true;
            return request;
        }
        if (choices.size() > maxSequences) {
            throw new MinigptException(choices.size() + " choices are more than the " + maxSequences
                    + " sequences decoded at once");
        }
        if (request.positions() + request.forksPromised() > decoder.capacity()) {
            throw new MinigptException(choices.size() + " choices of up to " + request.positions()
                    + " tokens need more than the " + decoder.capacity() + " cache positions there are");
        }
        pending.incrementAndGet();
        submitted.add(request);
        wake();
        return request;
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

    /** Admits what fits, then advances every running request by one step. Returns false when there was nothing to do. */
    public boolean step() {
        for (Request request; (request = submitted.poll()) != null;) {
            waiting.add(request);
        }
        admit();
        List<Feed> feeds = new ArrayList<>();
        List<Consumer<float[]>> deliveries = new ArrayList<>();
        int budget = prefillTokens;
        for (Request request : running) {
            if (request.cancelled) {
                end(request);
            } else if (request.fed < request.prompt.length) {
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
        running.removeIf(request -> request.done);
        return !feeds.isEmpty() || !running.isEmpty() || !waiting.isEmpty() || !submitted.isEmpty();
    }

    // The waiting requests, in order, while the head fits the sequence limit and the cache.
    private void admit() {
        while (!waiting.isEmpty()) {
            Request head = waiting.peek();
            if (head.cancelled) {
                waiting.poll();
                pending.decrementAndGet();
                for (int c = 0; c < head.choices.size(); c++) {
                    head.choices.get(c).cancel();
                    head.progress.ended(c, head.choices.get(c).result());
                }
                head.done = true;
                continue;
            }
            long forks = head.forksPromised();
            if (sequences + head.choices.size() > maxSequences
                    || head.positions() + forks > decoder.available() - promisedForks) {
                return;
            }
            waiting.poll();
            pending.decrementAndGet();
            head.held[0] = decoder.open(head.positions()).orElseThrow();
            promisedForks += forks;
            sequences += head.choices.size();
            running.add(head);
        }
    }

    // The request's next chunk of prompt, at most budget tokens; returns the tokens taken.
    private int prefill(Request request, int budget, List<Feed> feeds, List<Consumer<float[]>> deliveries) {
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
    private void prefilled(Request request, float[] logits) {
        for (int c = 1; c < request.choices.size(); c++) {
            request.held[c] = decoder.fork(request.held[0], request.forkPositions()).orElseThrow();
        }
        promisedForks -= request.forksPromised();
        for (int c = 0; c < request.choices.size(); c++) {
            decoded(request, c, c == 0 ? logits : logits.clone());
        }
    }

    private void decoded(Request request, int choice, float[] logits) {
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
    private void end(Request request) {
        if (request.held.length > 1 && request.held[1] == null) {
            promisedForks -= request.forksPromised();
        }
        for (int c = 0; c < request.choices.size(); c++) {
            request.choices.get(c).cancel();
            endChoice(request, c);
        }
    }

    private void endChoice(Request request, int choice) {
        if (request.ended[choice]) {
            return;
        }
        request.ended[choice] = true;
        sequences--;
        if (request.held[choice] != null) {
            request.held[choice].release();
        }
        request.progress.ended(choice, request.choices.get(choice).result());
        for (boolean ended : request.ended) {
            if (!ended) {
                return;
            }
        }
        request.done = true;
    }
}
