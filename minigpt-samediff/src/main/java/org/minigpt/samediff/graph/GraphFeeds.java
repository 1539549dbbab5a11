package org.minigpt.samediff.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.model.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The placeholders a {@link GptGraph} is fed: tokens, targets, and its dropout masks (all ones outside training). */
public final class GraphFeeds {
    private final GptGraph graph;
    private INDArray evalMask;

    public GraphFeeds(GptGraph graph) {
        this.graph = graph;
    }

    /** The placeholders for {@code batch} with dropout off; the trainer swaps in dropout masks. */
    public Map<String, INDArray> evaluation(Batch batch) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GptGraph.TOKENS, Nd4j.createFromArray(batch.inputs()).reshape(batch.size(), batch.length()));
        int[] targets = batch.targets().clone();
        double[] weights = new double[targets.length]; // in double: a float graph casts, a double one keeps 1/3 exact
        int scored = batch.scoredTargets();
        for (int i = 0; i < targets.length; i++) {
            // The graph sums weight x cross-entropy: dividing by the scored targets here makes it their weighted mean.
            weights[i] = scored == 0 ? 0 : (double) batch.weight(i) / scored;
            targets[i] = Math.max(targets[i], 0); // any real id: its weight of 0 leaves it out
        }
        feed.put(GptGraph.TARGETS, Nd4j.createFromArray(targets).reshape(batch.size(), batch.length()));
        feed.put(GptGraph.TARGET_WEIGHTS, Nd4j.createFromArray(weights).reshape(batch.size(), batch.length())
                .castTo(graph.dataType()));
        putEvalMasks(feed, batch.size());
        return feed;
    }

    /**
     * Outside training the dropout masks are all ones: dropout is off. One [1, heads, T, T] array serves every
     * block and batch size, broadcast over the rows, where a mask per row would hold as much as the scores.
     */
    public void putEvalMasks(Map<String, INDArray> feed, long batchSize) {
        List<String> names = graph.dropoutMasks();
        if (names.isEmpty()) {
            return;
        }
        if (evalMask == null) {
            int t = graph.options().contextLength();
            evalMask = Nd4j.ones(graph.dataType(), 1, graph.options().heads(), t, t);
        }
        names.forEach(name -> feed.put(name, evalMask));
    }

    public void clear() {
        if (evalMask != null && evalMask.closeable()) {
            evalMask.close();
        }
        evalMask = null;
    }
}
