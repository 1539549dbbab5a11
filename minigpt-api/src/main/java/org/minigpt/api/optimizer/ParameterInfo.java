package org.minigpt.api.optimizer;

import java.util.Arrays;

/** One parameter tensor of a model: its name and shape. */
public record ParameterInfo(String name, long[] shape) {
    public ParameterInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Weight matrices and embeddings; weight decay applies to these, not to biases and norm gains. */
    public boolean isMatrix() {
        return shape.length >= 2;
    }

    public long size() {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterInfo info && name.equals(info.name) && Arrays.equals(shape, info.shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
