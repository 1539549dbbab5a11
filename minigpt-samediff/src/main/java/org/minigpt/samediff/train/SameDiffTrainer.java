package org.minigpt.samediff.train;

import org.minigpt.samediff.graph.GptGraph;
import org.minigpt.samediff.graph.WeightsFile;
import org.minigpt.samediff.runtime.OpTimes;
import org.minigpt.samediff.runtime.Quietly;
import org.minigpt.samediff.runtime.ReusingSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
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
 * Trains a {@link GptGraph}: gradients from {@code calculateGradientsAndOutputs} (the batch's rows split
 * over {@link Shards} that run at once, their gradients summed by share), clipped by their global norm,
 * then one optimizer updater per parameter. This path (not {@code SameDiff.fit}) lets
 * the optimizer plugin own the update, clip across all parameters, and return the loss with the
 * gradients.
 */
public final class SameDiffTrainer implements ModelTrainer {
    public static final String STATE_FILE = "optimizer.npz";

    private final Shards shards;
    private final GptGraph graph;
    private final Runnable weightsChanged;
    private final Map<String, ParameterUpdater<INDArray>> updaters = new LinkedHashMap<>();
    private final long seed;
    private static final int MASK_CHUNK = 1 << 16;
    private final List<Map<String, INDArray>> dropoutMasks = new ArrayList<>(); // per shard, by placeholder
    private final OpTimes opTimes; // null unless train.profile=true

    /** A batch's mean loss and the gradients of that mean, by parameter name. */
    public record Gradients(double loss, Map<String, INDArray> gradients) {
    }

    /**
     * @param threads how many shards of {@code shards} a step splits its batch over
     * @param weightsChanged told after each update (the decoder's cache no longer holds)
     * @param opTimes times each op of the first shard when profiling, else null
     */
    public SameDiffTrainer(Shards shards, int threads, Optimizer optimizer, long seed, Runnable weightsChanged,
            OpTimes opTimes) {
        this.shards = shards;
        this.graph = shards.get(0).graph();
        this.weightsChanged = weightsChanged;
        for (String name : graph.parameters()) {
            ParameterInfo info = new ParameterInfo(name, graph.parameter(name).shape());
            updaters.put(name, optimizer.updaterFor(info, INDArray.class));
        }
        this.seed = seed;
        shards.ensure(threads);
        for (int i = 0; i < shards.count(); i++) {
            GptGraph shard = shards.get(i).graph();
            if (shard.gradientGraph() == null) {
                Quietly.run(shard.sd()::createGradFunction);
                ReusingSessions.install().register(shard.gradientGraph());
            }
            dropoutMasks.add(new HashMap<>());
        }
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
        Gradients result = lossAndGradients(batch, step.index(), true);
        double norm = clip(result.gradients(), step.maxGradientNorm());
        updaters.forEach((name, updater) ->
                updater.update(graph.parameter(name), result.gradients().get(name), step.learningRate(), step.index()));
        weightsChanged.run();
        return new StepResult(result.loss(), norm);
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

    /**
     * Forward and backward on {@code batch}, its rows split over the shards; with {@code dropout}, its masks
     * are drawn for step {@code index}. Each shard's mean is weighted by its share of the scored targets, so the
     * result is the whole batch's whatever the number of shards.
     */
    public Gradients lossAndGradients(Batch batch, long index, boolean dropout) {
        List<Batch> parts = shards.split(batch);
        List<Map<String, INDArray>> masks = dropout && !graph.dropoutMasks().isEmpty() ? drawMasks(parts, index) : null;
        List<Gradients> results = shards.run(parts, (part, shard, rows) -> {
            Map<String, INDArray> feed = shard.feeds().evaluation(rows);
            if (masks != null) {
                feed.putAll(masks.get(part));
            }
            OutAndGrad out = shard.graph().sd().calculateGradientsAndOutputs(feed, List.of(GptGraph.LOSS),
                    graph.parameters());
            return new Gradients(out.getOutputs().get(GptGraph.LOSS).getDouble(0), out.getGradients());
        });
        int scored = batch.scoredTargets();
        if (results.size() == 1 && scored > 0) {
            return results.get(0);
        }
        Map<String, INDArray> total = null;
        double loss = 0;
        for (int i = 0; i < results.size(); i++) {
            // A part's mean weighs by its share of the scored targets; a part that scores none adds nothing.
            double share = scored == 0 ? 0 : (double) parts.get(i).scoredTargets() / scored;
            if (share == 0) {
                continue;
            }
            loss += share * results.get(i).loss();
            if (total == null) {
                total = results.get(i).gradients();
                total.values().forEach(sum -> sum.muli(share));
            } else {
                Map<String, INDArray> sums = total;
                results.get(i).gradients().forEach((name, gradient) -> sums.get(name).addi(gradient.muli(share)));
            }
        }
        if (total == null) {
            total = results.get(0).gradients();
            total.values().forEach(gradient -> gradient.assign(0));
        }
        return new Gradients(loss, total);
    }

    // A generator seeded by (seed, step) rather than one stream: a resumed run draws the same masks. Drawn
    // mask by mask, part by part in row order, so the masks of a batch are the same however it is split.
    private List<Map<String, INDArray>> drawMasks(List<Batch> parts, long index) {
        SplittableRandom stepRandom = new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L);
        for (String name : graph.dropoutMasks()) {
            for (int part = 0; part < parts.size(); part++) {
                fillMask(dropoutMasks.get(part), name, parts.get(part).size(), stepRandom);
            }
        }
        return dropoutMasks.subList(0, parts.size());
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
    private void fillMask(Map<String, INDArray> masks, String name, int batchSize, SplittableRandom random) {
        int t = graph.options().contextLength();
        INDArray mask = masks.compute(name, (key, existing) ->
                existing != null && existing.size(0) == batchSize
                        ? existing
                        : Nd4j.create(graph.dataType(), batchSize, graph.options().heads(), t, t));
        double keep = 1 - graph.options().dropout();
        int length = Math.toIntExact(mask.length());
        // In chunks through one small buffer: a whole mask as a Java array is 50 MB of heap at nanoGPT's shape.
        if (mask.dataType() == DataType.FLOAT) {
            float scale = (float) (1 / keep);
            FloatBuffer out = mask.data().asNioFloat();
            float[] chunk = new float[Math.min(length, MASK_CHUNK)];
            for (int from = 0; from < length; from += chunk.length) {
                int n = Math.min(chunk.length, length - from);
                for (int i = 0; i < n; i++) {
                    chunk[i] = random.nextDouble() < keep ? scale : 0f;
                }
                out.put(chunk, 0, n);
            }
        } else {
            DoubleBuffer out = mask.data().asNioDouble();
            double[] chunk = new double[Math.min(length, MASK_CHUNK)];
            for (int from = 0; from < length; from += chunk.length) {
                int n = Math.min(chunk.length, length - from);
                for (int i = 0; i < n; i++) {
                    chunk[i] = random.nextDouble() < keep ? 1 / keep : 0;
                }
                out.put(chunk, 0, n);
            }
        }
    }
}
