package org.minigpt.samediff;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.ParameterInfo;
import org.minigpt.api.optimizer.ParameterUpdater;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link GptGraph}: gradients from {@code calculateGradientsAndOutputs}, then one optimizer
 * updater per parameter. This path (not {@code SameDiff.fit}) lets the optimizer plugin own the
 * update and the loss come back with the gradients.
 */
final class SameDiffTrainer implements ModelTrainer {
    private final GptGraph graph;
    private final Map<String, ParameterUpdater<INDArray>> updaters = new LinkedHashMap<>();
    private final Random dropoutRandom;
    private final Map<String, INDArray> dropoutMasks = new HashMap<>();
    private long step;

    private final GptModel model;

    SameDiffTrainer(GptModel model, Optimizer optimizer, long seed) {
        this.model = model;
        this.graph = model.graph();
        for (String name : graph.parameters()) {
            ParameterInfo info = new ParameterInfo(name, graph.parameter(name).shape());
            updaters.put(name, optimizer.updaterFor(info, INDArray.class));
        }
        this.dropoutRandom = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        Quietly.run(graph.sd::createGradFunction);
    }

    @Override
    public double step(Batch batch, double learningRate) {
        OutAndGrad result = lossAndGradients(batch, true);
        double loss = result.getOutputs().get(GptGraph.LOSS).getDouble(0);
        Map<String, INDArray> gradients = result.getGradients();
        updaters.forEach((name, updater) -> updater.update(graph.parameter(name), gradients.get(name), learningRate, step));
        step++;
        return loss;
    }

    /** Forward and backward on {@code batch}; {@code train} turns dropout on. */
    OutAndGrad lossAndGradients(Batch batch, boolean train) {
        Map<String, INDArray> feed = model.evaluationFeed(batch);
        if (train) {
            graph.dropoutMasks().forEach(mask -> feed.put(mask, dropoutMask(mask, batch.size())));
        }
        return graph.sd.calculateGradientsAndOutputs(feed, List.of(GptGraph.LOSS), graph.parameters());
    }

    // Inverted dropout: keep with probability 1 - p, scale kept weights by 1 / (1 - p).
    private INDArray dropoutMask(String name, int batchSize) {
        int t = graph.options.contextLength();
        INDArray mask = dropoutMasks.compute(name, (key, existing) ->
                existing != null && existing.size(0) == batchSize
                        ? existing
                        : Nd4j.create(graph.dataType, batchSize, graph.options.heads(), t, t));
        double keep = 1 - graph.options.dropout();
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, keep), dropoutRandom);
        return mask.muli(1 / keep);
    }
}
