package org.minigpt.samediff.decode;

import org.minigpt.samediff.graph.GptGraph;

/**
 * One Java-heap copy of a graph's weights for the cached forward pass, shared by every decoder of the model: each
 * decoder steps on the thread that calls it, so several decoders use several cores.
 */
public final class SharedWeights {
    private final GptGraph graph;
    private volatile CachedForwardPass weights;

    public SharedWeights(GptGraph graph) {
        this.graph = graph;
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

    /** The graph's weights changed: the next decoder to ask copies them again. */
    public synchronized void clear() {
        weights = null;
    }
}
