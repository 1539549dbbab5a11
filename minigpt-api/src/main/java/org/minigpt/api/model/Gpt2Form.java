package org.minigpt.api.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model in GPT-2's form, as runtimes outside minigpt read it: its shape and its tensors under Hugging Face's
 * {@code GPT2LMHeadModel} names and layouts ({@code transformer.wte.weight} [vocab, d], {@code
 * transformer.h.N.attn.c_attn.weight} [d, 3d] as q|k|v, ... {@code lm_head.weight} [vocab, d]), row-major.
 *
 * @param layerNormEpsilon what LayerNorm adds to the variance
 * @param gelu the MLP's activation
 * @param tensors name to tensor, in model order
 */
public record Gpt2Form(int layers, int heads, int dModel, int contextLength, int vocabSize, double layerNormEpsilon,
        Gelu gelu, Map<String, Tensor> tensors) {
    public Gpt2Form {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** GELU in GPT-2's tanh form ({@code gelu_new}), or x·σ(1.702x) ({@code quick_gelu}). */
    public enum Gelu { TANH, SIGMOID }

    /** Row-major values of {@code shape}. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
            }
        }

        public long count() {
            return values.length;
        }
    }

    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        return tensor;
    }
}
