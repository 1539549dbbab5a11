package org.minigpt.studio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.optimizer.Optimizer;

/**
 * One model shared by the page's two generation columns: their forward passes take turns token by
 * token, since a SameDiff graph's placeholders are not meant for two threads at once.
 */
final class SerializedModel implements LanguageModel {
    private final LanguageModel model;

    SerializedModel(LanguageModel model) {
        this.model = model;
    }

    @Override
    public int vocabSize() {
        return model.vocabSize();
    }

    @Override
    public int contextLength() {
        return model.contextLength();
    }

    @Override
    public List<ParameterCount> parameterCounts() {
        return model.parameterCounts();
    }

    @Override
    public ModelTrainer trainer(Optimizer optimizer, long seed, int threads) {
        throw new UnsupportedOperationException("the studio trains through minigpt train, not a shared model");
    }

    @Override
    public synchronized double loss(Batch batch) {
        return model.loss(batch);
    }

    @Override
    public synchronized float[] nextTokenLogits(int[] context) {
        return model.nextTokenLogits(context);
    }

    @Override
    public synchronized void save(Path runDir) throws IOException {
        model.save(runDir);
    }

    @Override
    public void close() {
        model.close();
    }
}
