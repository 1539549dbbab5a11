package org.minigpt.samediff.train;

import org.minigpt.samediff.graph.GptGraph;
import org.minigpt.samediff.graph.WeightsFile;
import org.minigpt.samediff.graph.GraphFeeds;
import org.minigpt.samediff.runtime.OpTimes;
import org.minigpt.samediff.runtime.Quietly;
import org.minigpt.samediff.runtime.ReusingSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.StepResult;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.ParameterInfo;
import org.minigpt.api.optimizer.ParameterUpdater;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link GptGraph}: gradients from {@code calculateGradientsAndOutputs}, clipped by their
 * global norm, then one optimizer updater per parameter. This path (not {@code SameDiff.fit}) lets
 * the optimizer plugin own the update, clip across all parameters, and return the loss with the
 * gradients.
 */
public final class SameDiffTrainer implements ModelTrainer {
    public static final String STATE_FILE = "optimizer.npz";

    private final GptGraph graph;
    private final GraphFeeds feeds;
    private final Runnable weightsChanged;
    private final Map<String, ParameterUpdater<INDArray>> updaters = new LinkedHashMap<>();
    private final long seed;
    private final Map<String, INDArray> dropoutMasks = new HashMap<>();
    private final OpTimes opTimes; // null unless -Dminigpt.profile=true

    /**
     * @param weightsChanged told after each update (the decoder's cache no longer holds)
     * @param opTimes times each op when profiling, else null
     */
    public SameDiffTrainer(GptGraph graph, GraphFeeds feeds, Optimizer optimizer, long seed, Runnable weightsChanged,
            OpTimes opTimes) {
        this.graph = graph;
        this.feeds = feeds;
        this.weightsChanged = weightsChanged;
        for (String name : graph.parameters()) {
            ParameterInfo info = new ParameterInfo(name, graph.parameter(name).shape());
            updaters.put(name, optimizer.updaterFor(info, INDArray.class));
        }
        this.seed = seed;
        Quietly.run(graph.sd()::createGradFunction);
        ReusingSessions.register(graph.gradientGraph());
        this.opTimes = opTimes;
        if (opTimes != null) {
            graph.sd().addListeners(opTimes);
        }
    }

    @Override
    public StepResult step(Batch batch, TrainingStep step) {
        return opTimes != null ? opTimes.step(() -> update(batch, step)) : update(batch, step);
    }

    private StepResult update(Batch batch, TrainingStep step) {
        OutAndGrad result = lossAndGradients(batch, step.index(), true);
        double loss = result.getOutputs().get(GptGraph.LOSS).getDouble(0);
        Map<String, INDArray> gradients = result.getGradients();
        double norm = clip(gradients, step.maxGradientNorm());
        updaters.forEach((name, updater) ->
                updater.update(graph.parameter(name), gradients.get(name), step.learningRate(), step.index()));
        weightsChanged.run();
        return new StepResult(loss, norm);
    }

    /** Scales {@code gradients} so their global L2 norm is at most {@code maxNorm}; returns the norm before. */
    public static double clip(Map<String, INDArray> gradients, double maxNorm) {
        double squares = 0;
        for (INDArray gradient : gradients.values()) {
            double norm = gradient.norm2Number().doubleValue();
            squares += norm * norm;
        }
        double norm = Math.sqrt(squares);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6); // as torch.nn.utils.clip_grad_norm_
            gradients.values().forEach(gradient -> gradient.muli(scale));
        }
        return norm;
    }

    /** Forward and backward on {@code batch}; with {@code dropout}, its masks are drawn for step {@code index}. */
    public OutAndGrad lossAndGradients(Batch batch, long index, boolean dropout) {
        Map<String, INDArray> feed = feeds.evaluation(batch);
        if (dropout && !graph.dropoutMasks().isEmpty()) {
            // A generator seeded by (seed, step) rather than one stream: a resumed run draws the same masks.
            SplittableRandom stepRandom = new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L);
            graph.dropoutMasks().forEach(mask -> feed.put(mask, dropoutMask(mask, batch.size(), stepRandom)));
        }
        return graph.sd().calculateGradientsAndOutputs(feed, List.of(GptGraph.LOSS), graph.parameters());
    }

    @Override
    public void saveState(Path dir) throws IOException {
        WeightsFile.write(dir.resolve(STATE_FILE), states());
    }

    @Override
    public void loadState(Path dir) throws IOException {
        Map<String, INDArray> states = states();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        states.forEach((name, state) -> shapes.put(name, state.shape()));
        WeightsFile.read(dir.resolve(STATE_FILE), shapes).forEach((name, saved) -> states.get(name).assign(saved));
    }

    /** Each stateful updater's live state, by parameter name. */
    private Map<String, INDArray> states() {
        Map<String, INDArray> states = new LinkedHashMap<>();
        updaters.forEach((name, updater) -> updater.state().ifPresent(state -> states.put(name, state)));
        return states;
    }

    // Inverted dropout: keep with probability 1 - p, scale kept weights by 1 / (1 - p). Drawn in Java into
    // the reused mask arrays: ND4J's BernoulliDistribution took ~50 ns an element, a quarter of a step.
    private INDArray dropoutMask(String name, int batchSize, SplittableRandom random) {
        int t = graph.options().contextLength();
        INDArray mask = dropoutMasks.compute(name, (key, existing) ->
                existing != null && existing.size(0) == batchSize
                        ? existing
                        : Nd4j.create(graph.dataType(), batchSize, graph.options().heads(), t, t));
        double keep = 1 - graph.options().dropout();
        int length = Math.toIntExact(mask.length());
        if (mask.dataType() == DataType.FLOAT) {
            float scale = (float) (1 / keep);
            float[] values = new float[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextDouble() < keep ? scale : 0f;
            }
            mask.data().asNioFloat().put(values); // one bulk copy: setData(float[]) puts element by element
        } else {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextDouble() < keep ? 1 / keep : 0;
            }
            mask.data().asNioDouble().put(values);
        }
        return mask;
    }
}
