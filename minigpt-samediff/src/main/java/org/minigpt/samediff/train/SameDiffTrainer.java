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
import java.util.function.IntToLongFunction;
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
    private final Split split;
    private final GptGraph graph;
    private final Runnable weightsChanged;
    private final Map<String, ParameterUpdater<INDArray>> updaters = new LinkedHashMap<>();
    private final long seed;
    private static final int MASK_CHUNK = 1 << 16;
    private final List<Map<String, INDArray>> dropoutMasks = new ArrayList<>(); // per shard, by placeholder
    private final OpTimes opTimes; // null unless train.profile=true
    private final Map<String, INDArray> accumulated = new LinkedHashMap<>(); // the micro-batches' gradient sum

    /**
     * How a step splits its batch: into {@code microBatches} parts of consecutive rows taken one after another, each
     * cut by rows over {@code threads} shards that run at once.
     */
    public record Split(int threads, int microBatches) {
        public Split {
            if (threads < 1 || microBatches < 1) {
                throw new IllegalArgumentException("threads and micro-batches must be at least 1, were " + threads
                        + " and " + microBatches);
            }
        }
    }

    /** A batch's mean loss and the gradients of that mean, by parameter name. */
    public record Gradients(double loss, Map<String, INDArray> gradients) {
    }

    /**
     * @param split how many micro-batches a step takes one after another, and over how many shards each runs
     * @param weightsChanged told after each update (the decoder's cache no longer holds)
     * @param opTimes times each op of the first shard when profiling, else null
     */
    public SameDiffTrainer(Shards shards, Split split, Optimizer optimizer, long seed, Runnable weightsChanged,
            OpTimes opTimes) {
        this.shards = shards;
        this.split = split;
        this.graph = shards.get(0).graph();
        this.weightsChanged = weightsChanged;
        for (String name : graph.parameters()) {
            ParameterInfo info = new ParameterInfo(name, graph.parameter(name).shape());
            updaters.put(name, optimizer.updaterFor(info, INDArray.class));
        }
        this.seed = seed;
        shards.ensure(split.threads());
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
     * Forward and backward on {@code batch}, in the split's micro-batches one after another, each one's rows over
     * the shards at once; with {@code dropout}, its masks are drawn for step {@code index}. Each part's mean is
     * weighted by its share of the scored targets, so the result is the whole batch's however it is split.
     */
    public Gradients lossAndGradients(Batch batch, long index, boolean dropout) {
        List<Batch> microBatches = Shards.split(batch, Math.min(split.microBatches(), batch.size()));
        int scored = batch.scoredTargets();
        if (microBatches.size() == 1) {
            return weightedSum(batch, 0, scored, index, dropout);
        }
        // The sessions reuse their output arrays from call to call: the sum needs arrays of its own.
        if (accumulated.isEmpty()) {
            graph.parameters().forEach(name -> accumulated.put(name, graph.parameter(name).ulike()));
        }
        accumulated.values().forEach(sum -> sum.assign(0));
        double loss = 0;
        int firstRow = 0;
        for (Batch micro : microBatches) {
            Gradients part = weightedSum(micro, firstRow, scored, index, dropout);
            part.gradients().forEach((name, gradient) -> accumulated.get(name).addi(gradient));
            loss += part.loss();
            firstRow += micro.size();
        }
        return new Gradients(loss, accumulated);
    }

    /**
     * {@code rows} (the batch's rows from {@code firstRow}) split over the shards; their means weighted by their share of
     * the {@code scored} targets of the whole batch and summed into the first shard's gradient arrays.
     */
    private Gradients weightedSum(Batch rows, int firstRow, int scored, long index, boolean dropout) {
        List<Batch> parts = shards.split(rows);
        List<Map<String, INDArray>> masks = dropout && !graph.dropoutMasks().isEmpty() ? drawMasks(parts, firstRow, index) : null;
        List<Gradients> results = shards.run(parts, (part, shard, partRows) -> {
            Map<String, INDArray> feed = shard.feeds().evaluation(partRows);
            if (masks != null) {
                feed.putAll(masks.get(part));
            }
            OutAndGrad out = shard.graph().sd().calculateGradientsAndOutputs(feed, List.of(GptGraph.LOSS),
                    graph.parameters());
            return new Gradients(out.getOutputs().get(GptGraph.LOSS).getDouble(0), out.getGradients());
        });
        if (results.size() == 1 && scored > 0 && rows.scoredTargets() == scored) {
            return results.get(0);
        }
        Map<String, INDArray> total = results.get(0).gradients();
        double loss = 0;
        for (int i = 0; i < results.size(); i++) {
            // A part's mean weighs by its share of the scored targets; a part that scores none adds nothing.
            double share = scored == 0 ? 0 : (double) parts.get(i).scoredTargets() / scored;
            loss += share * results.get(i).loss();
            if (i == 0) {
                total.values().forEach(sum -> sum.muli(share));
            } else if (share > 0) {
                results.get(i).gradients().forEach((name, gradient) -> total.get(name).addi(gradient.muli(share)));
            }
        }
        return new Gradients(loss, total);
    }

    // Each row's mask comes from a generator seeded by (seed, step, mask, row) rather than one stream: a resumed run
    // draws the same masks, and a row's mask is the same however the batch is split into parts and micro-batches.
    private List<Map<String, INDArray>> drawMasks(List<Batch> parts, int firstRow, long index) {
        List<String> names = graph.dropoutMasks();
        for (int mask = 0; mask < names.size(); mask++) {
            int row = firstRow;
            for (int part = 0; part < parts.size(); part++) {
                fillMask(dropoutMasks.get(part), names.get(mask), parts.get(part).size(), rowSeeds(index, mask, row));
                row += parts.get(part).size();
            }
        }
        return dropoutMasks.subList(0, parts.size());
    }

    /** The seeds of mask {@code mask}'s rows from {@code firstRow} at step {@code index}, row after row. */
    private IntToLongFunction rowSeeds(long index, int mask, int firstRow) {
        long step = mix(seed ^ index * 0x9E3779B97F4A7C15L);
        return row -> mix(step ^ mix((long) mask << 32 | (firstRow + row)));
    }

    // SplittableRandom's own finaliser (Stafford's mix13): nearby inputs give unrelated seeds.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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
    private void fillMask(Map<String, INDArray> masks, String name, int batchSize, IntToLongFunction rowSeeds) {
        int t = graph.options().contextLength();
        INDArray mask = masks.compute(name, (key, existing) ->
                existing != null && existing.size(0) == batchSize
                        ? existing
                        : Nd4j.create(graph.dataType(), batchSize, graph.options().heads(), t, t));
        double keep = 1 - graph.options().dropout();
        int rowLength = Math.toIntExact(mask.length() / batchSize);
        // In chunks through one small buffer: a whole mask as a Java array is 50 MB of heap at nanoGPT's shape.
        boolean[] kept = new boolean[Math.min(rowLength, MASK_CHUNK)];
        ChunkWriter writer = chunkWriter(mask, keep, kept.length);
        for (int row = 0; row < batchSize; row++) {
            SplittableRandom random = new SplittableRandom(rowSeeds.applyAsLong(row));
            for (int from = 0; from < rowLength; from += kept.length) {
                int n = Math.min(kept.length, rowLength - from);
                for (int i = 0; i < n; i++) {
                    kept[i] = random.nextDouble() < keep;
                }
                writer.write(kept, n);
            }
        }
    }

    /** Appends a chunk of keep/drop draws to a mask as scaled values. */
    private interface ChunkWriter {
        void write(boolean[] kept, int n);
    }

    private static ChunkWriter chunkWriter(INDArray mask, double keep, int chunk) {
        if (mask.dataType() == DataType.FLOAT) {
            float scale = (float) (1 / keep);
            FloatBuffer out = mask.data().asNioFloat();
            float[] values = new float[chunk];
            return (kept, n) -> {
                for (int i = 0; i < n; i++) {
                    values[i] = kept[i] ? scale : 0f;
                }
                out.put(values, 0, n);
            };
        }
        DoubleBuffer out = mask.data().asNioDouble();
        double[] values = new double[chunk];
        return (kept, n) -> {
            for (int i = 0; i < n; i++) {
                values[i] = kept[i] ? 1 / keep : 0;
            }
            out.put(values, 0, n);
        };
    }
}
