package org.minigpt.core.train;

import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.core.data.BatchSampler;
import org.minigpt.core.data.TokenSplit;

/** The held-out loss over a fixed set of validation batches: the same batches at every evaluation. */
public final class Evaluation {
    private final List<Batch> batches = new ArrayList<>();

    /** The batches a run evaluates: {@code train.eval_batches} of the held-out text, drawn from the run's seed. */
    public static Evaluation of(TokenSplit split, int contextLength, TrainOptions options) {
        return new Evaluation(split.validation(), contextLength, options.batchSize(), options.evalBatches(), options.seed() + 1);
    }

    /** Nothing to evaluate when {@code validation} holds no window. */
    public Evaluation(int[] validation, int contextLength, int batchSize, int count, long seed) {
        if (validation.length > contextLength) {
            BatchSampler sampler = new BatchSampler(validation, contextLength, batchSize, seed);
            for (int i = 0; i < count; i++) {
                batches.add(sampler.batch(i));
            }
        }
    }

    public boolean isEmpty() {
        return batches.isEmpty();
    }

    public List<Batch> batches() {
        return List.copyOf(batches);
    }

    /** Mean cross-entropy in nats per token, dropout off; NaN when empty. */
    public double loss(LanguageModel model) {
        return batches.stream().mapToDouble(model::loss).average().orElse(Double.NaN);
    }
}
