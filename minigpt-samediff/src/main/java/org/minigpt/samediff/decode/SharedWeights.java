package org.minigpt.samediff.decode;

import org.minigpt.samediff.graph.GptGraph;

/**
 * One Java-heap copy of a graph's weights for the cached forward pass, and the threads its steps split over:
 * shared by every decoder of the model.
 */
public final class SharedWeights implements AutoCloseable {
    private final GptGraph graph;
    private final StepThreads threads;
    private volatile CachedForwardPass weights;

    public SharedWeights(GptGraph graph, int threads) {
        this.graph = graph;
        this.threads = new StepThreads(threads);
    }

    /** Every decoder asks for every step: only the first copy takes the lock. */
    CachedForwardPass get() {
        CachedForwardPass copy = weights;
        if (copy != null) {
            return copy;
        }
        synchronized (this) {
            if (weights == null) {
                weights = new CachedForwardPass(graph);
            }
            return weights;
        }
    }

    StepThreads threads() {
        return threads;
    }

    /** The graph's weights changed: the next decoder to ask copies them again. */
    public synchronized void clear() {
        weights = null;
    }

    @Override
    public void close() {
        threads.close();
    }
}
