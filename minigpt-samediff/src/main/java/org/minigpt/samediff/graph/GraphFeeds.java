package org.minigpt.samediff.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.model.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The placeholders a {@link GptGraph} is fed: tokens, targets, and its dropout masks (all ones outside training). */
public final class GraphFeeds {
    private final GptGraph graph;
    private final Map<Long, List<INDArray>> evalMasks = new HashMap<>();

    public GraphFeeds(GptGraph graph) {
        this.graph = graph;
    }

    /** The placeholders for {@code batch} with dropout off; the trainer swaps in dropout masks. */
    public Map<String, INDArray> evaluation(Batch batch) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GptGraph.TOKENS, Nd4j.createFromArray(batch.inputs()).reshape(batch.size(), batch.length()));
        feed.put(GptGraph.TARGETS, Nd4j.createFromArray(batch.targets()).reshape(batch.size(), batch.length()));
        putEvalMasks(feed, batch.size());
        return feed;
    }

    // Outside training the dropout masks are all ones: dropout is off.
    public void putEvalMasks(Map<String, INDArray> feed, long batchSize) {
        List<String> names = graph.dropoutMasks();
        if (names.isEmpty()) {
            return;
        }
        List<INDArray> masks = evalMasks.computeIfAbsent(batchSize, size -> {
            int t = graph.options().contextLength();
            List<INDArray> ones = new ArrayList<>();
            names.forEach(name -> ones.add(Nd4j.ones(graph.dataType(), size, graph.options().heads(), t, t)));
            return ones;
        });
        for (int i = 0; i < names.size(); i++) {
            feed.put(names.get(i), masks.get(i));
        }
    }

    public void clear() {
        evalMasks.clear();
    }
}
