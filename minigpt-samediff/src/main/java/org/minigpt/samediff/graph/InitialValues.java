package org.minigpt.samediff.graph;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's initial parameters as {@link GptLayout} describes them, drawn in Java from the run's seed in
 * model order, so a seed gives the same weights on every backend.
 */
final class InitialValues {
    private final SplittableRandom random;
    private final DataType dataType;

    InitialValues(long seed, DataType dataType) {
        this.random = new SplittableRandom(seed);
        this.dataType = dataType;
    }

    INDArray of(GptLayout.Parameter parameter) {
        return switch (parameter.start()) {
            case NORMAL -> normal(parameter.std(), parameter.rows(), parameter.columns());
            case ZEROS -> Nd4j.zeros(dataType, parameter.rows());
            case ONES -> Nd4j.ones(dataType, parameter.rows());
        };
    }

    private INDArray normal(double std, long rows, long columns) {
        double[] values = new double[Math.toIntExact(rows * columns)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * std;
        }
        return Nd4j.create(values, new long[] {rows, columns}, dataType);
    }
}
