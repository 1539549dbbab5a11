package org.minigpt.core.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.LanguageModel;

/**
 * Requests decoded to their end on every core: a decoder and a {@link CompletionScheduler} a core, the requests dealt
 * out in turn. A row's logits do not depend on what shares its step, so each cursor ends as it would alone.
 */
public final class ParallelDecoding {
    /** Prompt tokens a step takes at most. */
    private static final int PREFILL_TOKENS = 256;

    private ParallelDecoding() {
    }

    /**
     * Runs every request (choices that share a prompt, computed once and forked) to its end.
     *
     * @param sequences sequences each core decodes at once, at least the largest request's choices
     */
    public static void drain(LanguageModel model, List<List<CompletionCursor>> requests, int sequences) {
        int cores = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), requests.size()));
        List<List<List<CompletionCursor>>> shares = new ArrayList<>();
        for (int core = 0; core < cores; core++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < requests.size(); i++) {
            shares.get(i % cores).add(requests.get(i));
        }
        int most = requests.stream().mapToInt(List::size).max().orElse(1);
        if (cores == 1) {
            drainShare(model, shares.get(0), Math.max(sequences, most));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            List<Future<?>> done = new ArrayList<>();
            shares.forEach(share -> done.add(pool.submit(() -> drainShare(model, share, Math.max(sequences, most)))));
            for (Future<?> one : done) {
                one.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MinigptException("interrupted while decoding");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void drainShare(LanguageModel model, List<List<CompletionCursor>> requests, int sequences) {
        try (Decoder decoder = model.decoder()) {
            CompletionScheduler scheduler = new CompletionScheduler(decoder, sequences, PREFILL_TOKENS, null);
            requests.forEach(choices -> scheduler.submit(choices, null));
            scheduler.drain();
        }
    }
}
