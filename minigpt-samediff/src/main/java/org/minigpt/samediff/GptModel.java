package org.minigpt.samediff;

import org.minigpt.samediff.graph.GptGraph;
import org.minigpt.samediff.graph.ParameterNames;
import org.minigpt.samediff.graph.ParameterVector;
import org.minigpt.samediff.graph.WeightsFile;
import org.minigpt.samediff.graph.GraphFeeds;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.graph.StepMemory;
import org.minigpt.samediff.decode.BatchedDecoder;
import org.minigpt.samediff.decode.SharedWeights;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.RecomputingDecoder;
import java.util.Arrays;
import java.util.HashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.minigpt.samediff.train.SameDiffTrainer;
import org.minigpt.samediff.train.Shards;
import org.minigpt.samediff.runtime.OpTimes;
import org.minigpt.samediff.runtime.ReusingSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.optimizer.Optimizer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.minigpt.api.model.Gpt2Form;
import org.minigpt.samediff.graph.Gpt2Forms;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A {@link GptGraph} behind the {@link LanguageModel} contract. */
final class GptModel implements LanguageModel {
    static final String WEIGHTS_FILE = "weights.npz";

    private final GptGraph graph;
    private final GraphFeeds feeds;
    private final Shards shards;
    /**
     * The decoders' step keeps a float copy of the weights on the Java heap; past this many parameters (256 MB)
     * they run the full graph on each sequence's tokens instead.
     */
    private static final long MAX_COPIED_PARAMETERS = 64L << 20;

    private final SharedWeights decoderWeights;
    private OpTimes opTimes;

    GptModel(GptGraph graph) {
        this.graph = graph;
        this.feeds = new GraphFeeds(graph);
        this.shards = new Shards(graph, feeds);
        this.decoderWeights = new SharedWeights(graph);
    }

    GptGraph graph() {
        return graph;
    }

    GptOptions options() {
        return graph.options();
    }

    @Override
    public int vocabSize() {
        return graph.vocabSize();
    }

    @Override
    public int contextLength() {
        return graph.options().contextLength();
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
    public void requireTrainingFits(int batchSize) {
        requireTrainingFits(batchSize, 1);
    }

    @Override
    public void requireTrainingFits(int batchSize, int microBatches) {
        StepMemory.require(options(), vocabSize(), parameterTotal(), batchSize, microBatches, StepMemory.budget());
    }

    @Override
    public long trainingMemoryBytes(int batchSize) {
        return trainingMemoryBytes(batchSize, 1);
    }

    @Override
    public long trainingMemoryBytes(int batchSize, int microBatches) {
        return StepMemory.of(options(), vocabSize(), parameterTotal(), batchSize, microBatches).bytes();
    }

    @Override
    public float[] parameterValues() {
        return ParameterVector.of(graph);
    }

    @Override
    public void setParameterValues(float[] values) {
        ParameterVector.assign(graph, values);
        weightsChanged();
    }

    @Override
    public ModelTrainer trainer(Optimizer optimizer, long seed, int threads) {
        return trainer(optimizer, seed, threads, false);
    }

    @Override
    public ModelTrainer trainer(Optimizer optimizer, long seed, int threads, boolean profile) {
        return trainer(optimizer, seed, threads, 1, profile);
    }

    @Override
    public ModelTrainer trainer(Optimizer optimizer, long seed, int threads, int microBatches, boolean profile) {
        return new SameDiffTrainer(shards, new SameDiffTrainer.Split(threads, microBatches), optimizer, seed,
                this::weightsChanged, profile ? opTimes() : null);
    }

    @Override
    public double loss(Batch batch) {
        // Split over as many shards as the trainer made, each mean weighted by its scored targets.
        List<Batch> parts = shards.split(batch);
        List<Double> sums = shards.run(parts, (part, shard, rows) -> {
            double sum = 0;
            // A few rows at a time: the training step's arrays stay held, and a whole part's activations beside
            // them would raise the run's peak memory by as much as a training step's forward pass.
            for (int from = 0; from < rows.size(); from += StepMemory.EVALUATION_ROWS) {
                Batch chunk = rows.rows(from, Math.min(rows.size(), from + StepMemory.EVALUATION_ROWS));
                int scored = chunk.scoredTargets();
                if (scored == 0) {
                    continue;
                }
                SameDiff sd = shard.graph().sd();
                sum += sd.output(shard.feeds().evaluation(chunk), GptGraph.LOSS).get(GptGraph.LOSS).getDouble(0) * scored;
                ReusingSessions.freeArrays(sd); // evaluations come every few hundred steps: nothing of theirs is kept
            }
            return sum;
        });
        int scored = batch.scoredTargets();
        return scored == 0 ? 0 : sums.stream().mapToDouble(Double::doubleValue).sum() / scored;
    }

    @Override
    public Decoder decoder(long cacheBytes) {
        long positions = Math.max(contextLength(), cacheBytes / BatchedDecoder.bytesPerPosition(options().layers(), options().dModel()));
        if (parameterTotal() > MAX_COPIED_PARAMETERS) {
            return new RecomputingDecoder(vocabSize(), contextLength(), positions, this::graphLogits);
        }
        return new BatchedDecoder(decoderWeights, vocabSize(), options().layers(), options().dModel(), contextLength(), positions);
    }

    /** Room for 64 full windows, within a quarter of the heap the weights' copy leaves. */
    @Override
    public long defaultCacheBytes() {
        long window = BatchedDecoder.bytesPerPosition(options().layers(), options().dModel()) * contextLength();
        long heapShare = (Runtime.getRuntime().maxMemory() - parameterTotal() * Float.BYTES) / 4;
        return Math.max(window, Math.min(64 * window, heapShare));
    }

    /** The full graph's logits after the last of {@code tokens} (at most a window), without a cache. */
    float[] graphLogits(int[] tokens) {
        synchronized (graph) { // one SameDiff graph, its placeholders shared by every decoder of the model
            int window = contextLength();
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(GptGraph.TOKENS, Nd4j.createFromArray(Arrays.copyOf(tokens, window)).reshape(1, window));
            feeds.putEvalMasks(feed, 1);
            INDArray logits = graph.sd().output(feed, GptGraph.LOGITS).get(GptGraph.LOGITS);
            return logits.getRow(tokens.length - 1).castTo(DataType.FLOAT).toFloatVector();
        }
    }

    /** The weights changed (a training step, a load): cached keys and values no longer hold. */
    void weightsChanged() {
        decoderWeights.clear();
    }

    @Override
    public Optional<Gpt2Form> gpt2Form() {
        return Optional.of(Gpt2Forms.of(graph));
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

    /**
     * Overwrites the weights with those a run saved over {@code savedVocabSize} tokens, the rows (and head
     * columns) of the tokens after them set to the mean of the saved ones: a new token starts as an average one.
     */
    void loadWithMoreTokens(Path runDir, int savedVocabSize) throws IOException {
        Map<String, long[]> expected = new LinkedHashMap<>();
        graph.parameters().forEach(name -> expected.put(name, graph.parameter(name).shape()));
        long d = options().dModel();
        expected.put(ParameterNames.TOKEN_EMBEDDING, new long[] {savedVocabSize, d});
        expected.put(ParameterNames.HEAD_WEIGHT, new long[] {d, savedVocabSize});
        WeightsFile.read(runDir.resolve(WEIGHTS_FILE), expected).forEach((name, values) -> {
            INDArray target = graph.parameter(name);
            if (name.equals(ParameterNames.TOKEN_EMBEDDING)) {
                target.get(NDArrayIndex.interval(0, savedVocabSize), NDArrayIndex.all()).assign(values);
                target.get(NDArrayIndex.interval(savedVocabSize, vocabSize()), NDArrayIndex.all())
                        .assign(values.mean(true, 0).broadcast(vocabSize() - savedVocabSize, d));
            } else if (name.equals(ParameterNames.HEAD_WEIGHT)) {
                target.get(NDArrayIndex.all(), NDArrayIndex.interval(0, savedVocabSize)).assign(values);
                target.get(NDArrayIndex.all(), NDArrayIndex.interval(savedVocabSize, vocabSize()))
                        .assign(values.mean(true, 1).broadcast(d, vocabSize() - savedVocabSize));
            } else {
                target.assign(values);
            }
        });
        weightsChanged();
    }

    /** Op timings for a trainer that profiles ({@code train.profile=true}), printed when the model closes. */
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
        ReusingSessions.release(graph.sd());
        if (graph.gradientGraph() != null) {
            ReusingSessions.release(graph.gradientGraph());
        }
        feeds.clear();
        shards.close();
    }
}
