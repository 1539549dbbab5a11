package org.minigpt.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.core.generate.Completion;
import org.minigpt.core.generate.CompletionCursor;
import org.minigpt.core.generate.CompletionRequest;

/**
 * A request's choices, prompt by prompt and {@code n} for each, decoding on the model's loop among every other
 * request's: their pieces and ends come back as events on the loop's thread, which the request's own thread
 * hands on.
 */
final class DecodingRequest {
    /** What one kind of reply does with each choice: where its pieces go, and what it does when the choice ends. */
    interface Choices {
        Consumer<Completion.Piece> started(int index);

        void finished(int index, Completion.Result result);
    }

    /** A piece of choice {@code index}'s text, or (with {@code result}) its end. */
    private record Event(int index, Completion.Piece piece, Completion.Result result) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<CompletionRequest> submitted = new ArrayList<>();
    private final DecodingLoop loop;
    private final ServerMetrics metrics;
    private final int choices;

    DecodingRequest(DecodingLoop loop, ServerMetrics metrics, Completion completion, GenerationRequest request,
            List<int[]> prompts, long arrived) {
        this.loop = loop;
        this.metrics = metrics;
        this.choices = prompts.size() * request.n();
        for (int p = 0; p < prompts.size(); p++) {
            int first = p * request.n();
            List<CompletionCursor> cursors = new ArrayList<>();
            for (int i = 0; i < request.n(); i++) {
                int index = first + i;
                cursors.add(completion.start(prompts.get(p), request.maxTokens(), request.stop(), random(request, index),
                        piece -> events.add(new Event(index, piece, null))));
            }
            try {
                submitted.add(loop.submit(cursors, progress(first, request.n(), arrived)));
            } catch (ApiError e) {
                cancel();
                throw e;
            }
        }
    }

    /** Choice {@code index}'s random source: a seeded request repeats its text, choice by choice. */
    private static RandomGenerator random(GenerationRequest request, int index) {
        return request.seed().map(seed -> (RandomGenerator) new SplittableRandom(seed + index))
                .orElseGet(SplittableRandom::new);
    }

    private CompletionRequest.Progress progress(int first, int n, long arrived) {
        long[] last = new long[n];
        Arrays.fill(last, arrived);
        boolean[] started = new boolean[n];
        return new CompletionRequest.Progress() {
            @Override
            public void token(int choice) {
                long now = System.nanoTime();
                metrics.tokenTimed(Duration.ofNanos(now - last[choice]), !started[choice]);
                started[choice] = true;
                last[choice] = now;
            }

            @Override
            public void ended(int choice, Completion.Result result) {
                events.add(new Event(first + choice, null, result));
            }
        };
    }

    /**
     * Hands every event on until each choice has ended, or {@code cancelled} says the client left. Returns the
     * completion tokens of them all.
     */
    int deliver(BooleanSupplier cancelled, Choices to) throws InterruptedException {
        List<Consumer<Completion.Piece>> pieces = new ArrayList<>();
        for (int index = 0; index < choices; index++) {
            pieces.add(to.started(index));
        }
        int open = choices;
        int completionTokens = 0;
        while (open > 0) {
            Event event = events.poll(200, TimeUnit.MILLISECONDS);
            if (cancelled.getAsBoolean()) {
                cancel();
            }
            if (event == null) {
                if (loop.stopped()) {
                    throw new ApiError(503, "server_error", null, "shutting_down", "the server stopped generating before"
                            + " the request ended");
                }
            } else if (event.result() == null) {
                pieces.get(event.index()).accept(event.piece());
            } else {
                if (event.result().finish() == Completion.Finish.CANCELLED && event.result().tokens().length == 0
                        && loop.closing() && !cancelled.getAsBoolean()) {
                    throw new ApiError(503, "server_error", null, "shutting_down", "the server is shutting down; the request"
                            + " was still waiting to start");
                }
                completionTokens += event.result().tokens().length;
                metrics.completionTokens(event.result().tokens().length);
                to.finished(event.index(), event.result());
                open--;
            }
        }
        return completionTokens;
    }

    void cancel() {
        submitted.forEach(CompletionRequest::cancel);
    }
}
