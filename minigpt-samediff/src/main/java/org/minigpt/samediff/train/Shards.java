package org.minigpt.samediff.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.minigpt.api.model.Batch;
import org.minigpt.samediff.graph.GptGraph;
import org.minigpt.samediff.graph.GraphFeeds;
import org.minigpt.samediff.runtime.ReusingSessions;

/**
 * Copies of one graph that share its parameter arrays, each run on a thread of its own, so a batch can
 * be split by rows and its parts run forward and backward on every core at once. Shard 0 is the
 * graph itself on the calling thread; shard {@code i > 0} always runs on the same thread, because
 * SameDiff keeps a session (and its reused arrays) per graph and thread.
 */
public final class Shards implements AutoCloseable {
    /** One shard's graph and the placeholders it is fed. */
    public record Shard(GptGraph graph, GraphFeeds feeds) {
    }

    private final List<Shard> shards = new ArrayList<>();
    private final List<ExecutorService> threads = new ArrayList<>();

    public Shards(GptGraph graph, GraphFeeds feeds) {
        shards.add(new Shard(graph, feeds));
    }

    /** Grows to at least {@code count} shards; the new ones start from the first's (shared) weights. */
    public synchronized void ensure(int count) {
        while (shards.size() < count) {
            int index = shards.size();
            GptGraph replica = shards.get(0).graph().replica();
            shards.add(new Shard(replica, new GraphFeeds(replica)));
            threads.add(Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "minigpt-shard-" + index);
                thread.setDaemon(true); // an unclosed model must not keep the JVM alive
                return thread;
            }));
        }
    }

    public int count() {
        return shards.size();
    }

    public Shard get(int index) {
        return shards.get(index);
    }

    /** What a shard computes on its rows of a batch; {@code index} is the part's (and the shard's) number. */
    @FunctionalInterface
    public interface Task<T> {
        T apply(int index, Shard shard, Batch rows);
    }

    /** {@code batch} cut into one part of whole rows per shard, or per row when the batch is smaller. */
    public List<Batch> split(Batch batch) {
        return split(batch, Math.min(count(), batch.size()));
    }

    /** Runs {@code task} on part {@code i} with shard {@code i}, all at once; the results come back in part order. */
    public <T> List<T> run(List<Batch> parts, Task<T> task) {
        List<Future<T>> others = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            int index = i;
            Shard shard = shards.get(i);
            Batch part = parts.get(i);
            others.add(threads.get(i - 1).submit(() -> task.apply(index, shard, part)));
        }
        List<T> results = new ArrayList<>();
        results.add(task.apply(0, shards.get(0), parts.get(0)));
        for (Future<T> other : others) {
            results.add(join(other));
        }
        return results;
    }

    /** Runs {@code action} on every shard's own thread, e.g. to free what its session holds. */
    public void onEach(Consumer<Shard> action) {
        action.accept(shards.get(0));
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < shards.size(); i++) {
            Shard shard = shards.get(i);
            others.add(threads.get(i - 1).submit(() -> action.accept(shard)));
        }
        others.forEach(Shards::join);
    }

    /** {@code parts} batches of consecutive rows of {@code batch}, the first ones a row larger when it does not divide. */
    public static List<Batch> split(Batch batch, int parts) {
        List<Batch> batches = new ArrayList<>();
        int row = 0;
        for (int i = 0; i < parts; i++) {
            int rows = batch.size() / parts + (i < batch.size() % parts ? 1 : 0);
            batches.add(batch.rows(row, row + rows));
            row += rows;
        }
        return batches;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a shard ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Frees the replicas' arrays and stops their threads; the first graph belongs to its model. */
    @Override
    public void close() {
        for (int i = 1; i < shards.size(); i++) {
            GptGraph graph = shards.get(i).graph();
            ReusingSessions.release(graph.sd());
            if (graph.gradientGraph() != null) {
                ReusingSessions.release(graph.gradientGraph());
            }
            shards.get(i).feeds().clear();
        }
        threads.forEach(ExecutorService::shutdown);
    }
}
