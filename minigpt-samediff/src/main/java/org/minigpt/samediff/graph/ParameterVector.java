package org.minigpt.samediff.graph;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A graph's parameters as one float vector, parameter after parameter in model order, each row-major. */
public final class ParameterVector {
    private ParameterVector() {
    }

    public static float[] of(GptGraph graph) {
        long total = 0;
        for (String name : graph.parameters()) {
            total += graph.parameter(name).length();
        }
        float[] values = new float[Math.toIntExact(total)];
        int at = 0;
        for (String name : graph.parameters()) {
            float[] part = graph.parameter(name).ravel().toFloatVector();
            System.arraycopy(part, 0, values, at, part.length);
            at += part.length;
        }
        return values;
    }

    /** Overwrites the parameters with {@code values}, which must hold exactly as many as {@link #of} gives. */
    public static void assign(GptGraph graph, float[] values) {
        int at = 0;
        for (String name : graph.parameters()) {
            INDArray parameter = graph.parameter(name);
            int count = Math.toIntExact(parameter.length());
            if (at + count > values.length) {
                throw new IllegalArgumentException(values.length + " values are fewer than the model's parameters");
            }
            parameter.assign(Nd4j.create(Arrays.copyOfRange(values, at, at + count), parameter.shape(), 'c'));
            at += count;
        }
        if (at != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + at + " parameters");
        }
    }
}
