package org.minigpt.samediff.decode;

import java.util.ArrayDeque;
import org.minigpt.samediff.graph.GptGraph;
import org.minigpt.samediff.graph.GraphFeeds;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generation with a key/value cache, on {@link CachedForwardPass}: a prompt (or a context that does not
 * continue a cached one) is computed once, its keys and values start the cache, and each token after
 * it costs one position against them, not a window. Models too large to copy run the full graph on
 * the window for every token.
 *
 * <p>Learned positions end at {@code contextLength}: when a cached sequence fills the window, it
 * restarts from the last half of it, so each later token sees between {@code contextLength / 2}
 * and {@code contextLength} tokens of context, where recomputing the whole window for every token
 * would show it exactly {@code contextLength}. A context met for the first time is computed exactly.
 */
public final class CachedDecoder {
    /** Cached sequences kept at once: the studio samples two columns in turns. */
    private static final int SEQUENCES = 2;
    /**
     * The one-row step keeps a float copy of the weights on the Java heap; past this many parameters
     * (256 MB) every token runs the full graph instead, as it did before the cache.
     */
    private static final long MAX_COPIED_PARAMETERS = 64L << 20;

    private final GptGraph graph;
    private final GraphFeeds feeds;
    private final Deque<Sequence> sequences = new ArrayDeque<>();
    private final boolean copyable;
    private final SharedWeights weights;

    /**
     * Tokens whose keys and values are cached, at positions 0 to {@code tokens.length - 1}: per layer,
     * {@code contextLength} rows of {@code dModel} values (heads side by side), filled up to the length.
     */
    private record Sequence(int[] tokens, float[][][] keys, float[][][] values) {
    }

    /** @param weights the copy of the weights this decoder computes with, shared with the model's other decoders */
    public CachedDecoder(GptGraph graph, GraphFeeds feeds, long parameters, SharedWeights weights) {
        this.graph = graph;
        this.feeds = feeds;
        this.copyable = parameters <= MAX_COPIED_PARAMETERS;
        this.weights = weights;
    }

    /** Forgets every cached sequence: the weights changed. */
    public void clear() {
        sequences.clear();
    }

    public float[] nextTokenLogits(int[] context) {
        int window = graph.options().contextLength();
        if (!copyable) {
            return graphLogits(tail(context, window));
        }
        Sequence previous = find(context);
        if (previous == null) {
            return prefill(tail(context, window));
        }
        if (previous.tokens().length < window) {
            return step(previous, context);
        }
        // The cache is full: restart it from the last half of the window.
        return prefill(tail(context, Math.max(1, window / 2)));
    }

    private static int[] tail(int[] context, int length) {
        return Arrays.copyOfRange(context, Math.max(0, context.length - length), context.length);
    }

    /**
     * The cached sequence whose tokens end the context just before its last token, taken out of the
     * cache: one that starts where the context starts if there is one, else (after a restart) one that
     * holds at least half a window of its tail.
     */
    private Sequence find(int[] context) {
        int halfWindow = Math.max(1, graph.options().contextLength() / 2);
        Sequence found = null;
        for (Sequence sequence : sequences) {
            int[] cached = sequence.tokens();
            int from = context.length - 1 - cached.length;
            if (from >= 0 && Arrays.equals(cached, 0, cached.length, context, from, context.length - 1)) {
                if (from == 0) {
                    found = sequence;
                    break;
                }
                if (found == null && cached.length >= halfWindow) {
                    found = sequence;
                }
            }
        }
        sequences.remove(found);
        return found;
    }

    private void remember(Sequence sequence) {
        sequences.addFirst(sequence);
        while (sequences.size() > SEQUENCES) {
            sequences.removeLast();
        }
    }

    /** The full graph on {@code tokens} (at most a window): the logits after the last of them. */
    public float[] graphLogits(int[] tokens) {
        synchronized (graph) { // one SameDiff graph, its placeholders shared by every decoder of the model
            return unsynchronizedGraphLogits(tokens);
        }
    }

    private float[] unsynchronizedGraphLogits(int[] tokens) {
        int window = graph.options().contextLength();
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GptGraph.TOKENS, Nd4j.createFromArray(Arrays.copyOf(tokens, window)).reshape(1, window));
        feeds.putEvalMasks(feed, 1);
        INDArray logits = graph.sd().output(feed, GptGraph.LOGITS).get(GptGraph.LOGITS);
        return logits.getRow(tokens.length - 1).castTo(DataType.FLOAT).toFloatVector();
    }

    /** {@code tokens} (at most a window) from position 0: the logits after them, and a new cached sequence. */
    private float[] prefill(int[] tokens) {
        float[][][] keys = new float[graph.options().layers()][graph.options().contextLength()][];
        float[][][] values = new float[graph.options().layers()][graph.options().contextLength()][];
        float[] logits = weights.get().forward(tokens, 0, keys, values);
        remember(new Sequence(tokens, keys, values));
        return logits;
    }

    /** One new position, the last of {@code context}, against the cached ones. */
    private float[] step(Sequence sequence, int[] context) {
        int[] tokens = Arrays.copyOf(sequence.tokens(), sequence.tokens().length + 1);
        tokens[tokens.length - 1] = context[context.length - 1];
        float[] logits = weights.get().forward(new int[] {tokens[tokens.length - 1]}, tokens.length - 1,
                sequence.keys(), sequence.values());
        remember(new Sequence(tokens, sequence.keys(), sequence.values()));
        return logits;
    }
}
