package org.minigpt.samediff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.optimizer.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A {@link GptGraph} behind the {@link LanguageModel} contract. */
final class GptModel implements LanguageModel {
    static final String WEIGHTS_FILE = "weights.npz";

    private final GptGraph graph;
    private final Map<Long, List<INDArray>> evalMasks = new HashMap<>();
    private GptDecoder decoder;
    private OpTimes opTimes;

    GptModel(GptGraph graph) {
        this.graph = graph;
    }

    GptGraph graph() {
        return graph;
    }

    GptOptions options() {
        return graph.options;
    }

    @Override
    public int vocabSize() {
        return graph.vocabSize;
    }

    @Override
    public int contextLength() {
        return graph.options.contextLength();
    }

    @Override
    public List<ParameterCount> parameterCounts() {
        Map<String, Long> byPart = new LinkedHashMap<>();
        graph.parts().forEach((parameter, part) -> byPart.merge(part, graph.parameter(parameter).length(), Long::sum));
        List<ParameterCount> counts = new ArrayList<>();
        byPart.forEach((part, count) -> counts.add(new ParameterCount(part, count)));
        return counts;
    }

    @Override
    public ModelTrainer trainer(Optimizer optimizer, long seed) {
        return new SameDiffTrainer(this, optimizer, seed);
    }

    @Override
    public double loss(Batch batch) {
        double loss = graph.sd.output(evaluationFeed(batch), GptGraph.LOSS).get(GptGraph.LOSS).getDouble(0);
        // Evaluations come every few hundred steps: their activations are not kept beside the training step's.
        ReusingSessions.freeArrays(graph.sd);
        return loss;
    }

    @Override
    public float[] nextTokenLogits(int[] context) {
        if (context.length == 0) {
            throw new IllegalArgumentException("the context is empty: give at least one token");
        }
        return decoder().nextTokenLogits(context);
    }

    /** The full graph's logits after the last of {@code tokens} (at most a window), without the cache. */
    float[] graphLogits(int[] tokens) {
        return decoder().graphLogits(tokens);
    }

    private GptDecoder decoder() {
        if (decoder == null) {
            decoder = new GptDecoder(this);
        }
        return decoder;
    }

    /** The weights changed (a training step, a load): cached keys and values no longer hold. */
    void weightsChanged() {
        if (decoder != null) {
            decoder.clear();
        }
    }

    @Override
    public void save(Path runDir) throws IOException {
        Map<String, INDArray> weights = new LinkedHashMap<>();
        graph.parameters().forEach(name -> weights.put(name, graph.parameter(name)));
        WeightsFile.write(runDir.resolve(WEIGHTS_FILE), weights);
    }

    /** Overwrites the weights with those a run saved; names and shapes must match. */
    void load(Path runDir) throws IOException {
        Path file = runDir.resolve(WEIGHTS_FILE);
        Map<String, long[]> expected = new LinkedHashMap<>();
        graph.parameters().forEach(name -> expected.put(name, graph.parameter(name).shape()));
        WeightsFile.read(file, expected).forEach((name, values) -> graph.parameter(name).assign(values));
        weightsChanged();
    }

    /** Op timings for {@code -Dminigpt.profile=true}, printed when the model closes. */
    OpTimes opTimes() {
        if (opTimes == null) {
            opTimes = new OpTimes();
        }
        return opTimes;
    }

    @Override
    public void close() {
        if (opTimes != null) {
            opTimes.print(System.err);
        }
        // SameDiff M2.1 has no close(): the arrays its sessions computed into are freed here, the weights
        // by ND4J's deallocator once unreachable.
        ReusingSessions.release(graph.sd);
        if (graph.gradientGraph() != null) {
            ReusingSessions.release(graph.gradientGraph());
        }
        evalMasks.clear();
    }

    /** The placeholders for {@code batch} with dropout off; the trainer swaps in dropout masks. */
    Map<String, INDArray> evaluationFeed(Batch batch) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GptGraph.TOKENS, Nd4j.createFromArray(batch.inputs()).reshape(batch.size(), batch.length()));
        feed.put(GptGraph.TARGETS, Nd4j.createFromArray(batch.targets()).reshape(batch.size(), batch.length()));
        putEvalMasks(feed, batch.size());
        return feed;
    }

    // Outside training the dropout masks are all ones: dropout is off.
    void putEvalMasks(Map<String, INDArray> feed, long batchSize) {
        List<String> names = graph.dropoutMasks();
        if (names.isEmpty()) {
            return;
        }
        List<INDArray> masks = evalMasks.computeIfAbsent(batchSize, size -> {
            int t = contextLength();
            List<INDArray> ones = new ArrayList<>();
            names.forEach(name -> ones.add(Nd4j.ones(graph.dataType, size, graph.options.heads(), t, t)));
            return ones;
        });
        for (int i = 0; i < names.size(); i++) {
            feed.put(names.get(i), masks.get(i));
        }
    }
}
