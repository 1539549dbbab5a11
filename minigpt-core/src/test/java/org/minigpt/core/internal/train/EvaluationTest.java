package org.minigpt.core.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Batch;

class EvaluationTest {
    private static final int[] VALIDATION = IntStream.range(0, 500).toArray();

    @Test
    void everyEvaluationSeesTheSameBatches() {
        Evaluation evaluation = new Evaluation(VALIDATION, 8, 4, 5, 42);
        List<int[]> seen = new ArrayList<>();
        RecordingModel model = new RecordingModel(seen);
        double first = evaluation.loss(model);
        List<int[]> firstInputs = List.copyOf(seen);
        seen.clear();
        double second = evaluation.loss(model);
        assertEquals(5, firstInputs.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(firstInputs.get(i), seen.get(i), "batch " + i);
        }
        assertEquals(first, second);
        List<Batch> again = new Evaluation(VALIDATION, 8, 4, 5, 42).batches();
        assertArrayEquals(evaluation.batches().get(3).inputs(), again.get(3).inputs(), "the same seed, the same batches");
        assertTrue(evaluation.batches().stream().map(b -> b.inputs()[0]).distinct().count() > 1, "batches differ");
    }

    @Test
    void aValidationTooShortForAWindowIsEmptyAndItsLossIsNaN() {
        Evaluation empty = new Evaluation(new int[8], 8, 4, 5, 1);
        assertTrue(empty.isEmpty());
        assertTrue(Double.isNaN(empty.loss(new RecordingModel(new ArrayList<>()))));
    }

    /** Loss = the first input token, so equal batches give equal losses. */
    private record RecordingModel(List<int[]> seen) implements org.minigpt.api.model.LanguageModel {
        @Override
        public double loss(Batch batch) {
            seen.add(batch.inputs());
            return batch.inputs()[0];
        }

        @Override
        public int vocabSize() {
            return 500;
        }

        @Override
        public int contextLength() {
            return 8;
        }

        @Override
        public List<org.minigpt.api.model.ParameterCount> parameterCounts() {
            return List.of();
        }

        @Override
        public org.minigpt.api.model.ModelTrainer trainer(org.minigpt.api.optimizer.Optimizer optimizer, long seed, int threads) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.minigpt.api.model.Decoder decoder(long cacheBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(java.nio.file.Path runDir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
