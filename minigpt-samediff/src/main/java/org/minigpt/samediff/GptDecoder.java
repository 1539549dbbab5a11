package org.minigpt.samediff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generation with a key/value cache. A prompt (or a context that does not continue a cached one) is
 * run once through the full graph, whose keys and values start the cache; each token after it costs
 * one position against the cached keys and values, not a window.
 *
 * <p>Learned positions end at {@code contextLength}: when a cached sequence fills the window, it
 * restarts from the last half of it, so each later token sees between {@code contextLength / 2}
 * and {@code contextLength} tokens of context, where recomputing the whole window for every token
 * would show it exactly {@code contextLength}. A context met for the first time is computed exactly.
 */
final class GptDecoder {
    /** Cached sequences kept at once: the studio samples two columns in turns. */
    private static final int SEQUENCES = 2;
    /**
     * The one-row step keeps a float copy of the weights on the Java heap; past this many parameters
     * (256 MB) every token runs the full graph instead, as it did before the cache.
     */
    private static final long MAX_COPIED_PARAMETERS = 64L << 20;

    private final GptModel model;
    private final GptGraph graph;
    private final Deque<Sequence> sequences = new ArrayDeque<>();
    private final boolean copyable;
    private RowWeights weights;

    /**
     * Tokens whose keys and values are cached, at positions 0 to {@code tokens.length - 1}: per layer,
     * {@code contextLength} rows of {@code dModel} values (heads side by side), filled up to the length.
     */
    private record Sequence(int[] tokens, float[][] keys, float[][] values) {
    }

    GptDecoder(GptModel model) {
        this.model = model;
        this.graph = model.graph();
        this.copyable = model.parameterTotal() <= MAX_COPIED_PARAMETERS;
    }

    /** Forgets every cached sequence: the weights changed. */
    void clear() {
        sequences.clear();
        weights = null;
    }

    float[] nextTokenLogits(int[] context) {
        int window = graph.options.contextLength();
        Sequence previous = copyable ? find(context) : null;
        if (previous == null) {
            return prefill(Arrays.copyOfRange(context, Math.max(0, context.length - window), context.length));
        }
        if (previous.tokens().length < window) {
            return step(previous, context);
        }
        // The cache is full: restart it from the last half of the window.
        return prefill(Arrays.copyOfRange(context, context.length - Math.max(1, window / 2), context.length));
    }

    /**
     * The cached sequence whose tokens end the context just before its last token, taken out of the
     * cache: one that starts where the context starts if there is one, else (after a restart) one that
     * holds at least half a window of its tail.
     */
    private Sequence find(int[] context) {
        int halfWindow = Math.max(1, graph.options.contextLength() / 2);
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

    /** The full graph on {@code tokens} (at most a window): the logits after them, and their keys and values. */
    private float[] prefill(int[] tokens) {
        int window = graph.options.contextLength();
        int[] padded = Arrays.copyOf(tokens, window);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GptGraph.TOKENS, Nd4j.createFromArray(padded).reshape(1, window));
        model.putEvalMasks(feed, 1);
        int layers = graph.options.layers();
        String[] outputs = new String[1 + 2 * layers];
        outputs[0] = GptGraph.LOGITS;
        for (int layer = 0; layer < layers; layer++) {
            outputs[1 + 2 * layer] = GptGraph.keys(layer);
            outputs[2 + 2 * layer] = GptGraph.values(layer);
        }
        Map<String, INDArray> results = graph.sd.output(feed, outputs);
        if (copyable) {
            float[][] keys = new float[layers][];
            float[][] values = new float[layers][];
            for (int layer = 0; layer < layers; layer++) {
                keys[layer] = positionMajor(results.get(GptGraph.keys(layer)));
                values[layer] = positionMajor(results.get(GptGraph.values(layer)));
            }
            remember(new Sequence(tokens, keys, values));
        }
        return results.get(GptGraph.LOGITS).getRow(tokens.length - 1).castTo(DataType.FLOAT).toFloatVector();
    }

    // [1, heads, window, headSize] -> window rows of heads x headSize, as RowWeights reads them
    private static float[] positionMajor(INDArray all) {
        return all.get(NDArrayIndex.point(0)).permute(1, 0, 2).dup('c').castTo(DataType.FLOAT).reshape(-1).toFloatVector();
    }

    /** One new position, the last of {@code context}, against the cached ones. */
    private float[] step(Sequence sequence, int[] context) {
        if (weights == null) {
            weights = new RowWeights(graph);
        }
        int[] tokens = Arrays.copyOf(sequence.tokens(), sequence.tokens().length + 1);
        tokens[tokens.length - 1] = context[context.length - 1];
        float[] logits = weights.step(tokens[tokens.length - 1], tokens.length - 1, sequence.keys(), sequence.values());
        remember(new Sequence(tokens, sequence.keys(), sequence.values()));
        return logits;
    }
}
