package org.minigpt.core.internal.train;

import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.core.data.BatchSampler;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.train.TrainOptions;

/** The held-out loss over a fixed set of validation batches: the same batches at every evaluation. */
public final class Evaluation {
    private final List<Batch> batches = new ArrayList<>();

    /**
     * The batches a run evaluates: {@code train.eval_batches} of the held-out data, each of the {@code rows} windows
     * a step trains on (the batch size, times the workers of an engine that trains several): runs whose steps see
     * as many windows are evaluated on the same batches, however many workers share a step.
     */
    public static Evaluation of(TrainingData data, TrainOptions options, long rows) {
        return new Evaluation(data.validationBatches(options.evalBatches(), Math.toIntExact(rows)));
    }

    public Evaluation(List<Batch> batches) {
        this.batches.addAll(batches);
    }

    /** Nothing to evaluate when {@code validation} holds no window. */
    public Evaluation(int[] validation, int contextLength, int batchSize, int count, long seed) {
        this(BatchSampler.first(validation, contextLength, batchSize, count, seed));
    }

    public boolean isEmpty() {
        return batches.isEmpty();
    }

    public List<Batch> batches() {
        return List.copyOf(batches);
    }

    /** Mean cross-entropy in nats per scored token, dropout off; NaN when empty. */
    public double loss(LanguageModel model) {
        double sum = 0;
        long scored = 0;
        for (Batch batch : batches) {
            int count = batch.scoredTargets();
            sum += count == 0 ? 0 : model.loss(batch) * count;
            scored += count;
        }
        return scored == 0 ? Double.NaN : sum / scored;
    }
}
