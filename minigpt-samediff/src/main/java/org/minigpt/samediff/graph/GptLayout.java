package org.minigpt.samediff.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * The model's architecture, written once for both of its implementations — {@link GptGraph} in SameDiff
 * for training, the cached decoder in plain Java for generation: every parameter in model order (name,
 * part, shape and how it starts), each block's layers, and the constants of its functions.
 */
public final class GptLayout {
    /** GELU in its sigmoid form, x · σ(1.702 x): what ND4J's {@code gelu} computes, far faster than the tanh form. */
    public static final double GELU_SCALE = 1.702;
    /** GELU in GPT-2's tanh form, 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))): its two constants. */
    public static final double GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);
    public static final double GELU_TANH_CUBIC = 0.044715;
    /** The standard deviation of the initial weights (GPT-2's). */
    public static final double INIT_STD = 0.02;

    /** How a parameter starts: normal with a standard deviation, or all zeros (biases), or all ones (gains). */
    public enum Start { NORMAL, ZEROS, ONES }

    /** One parameter: its name in {@code weights.npz}, the part it belongs to, its shape ({@code columns} 0: a vector). */
    public record Parameter(String name, String part, long rows, long columns, Start start, double std) {
    }

    private final GptOptions options;
    private final int vocabSize;
    private final List<Parameter> parameters = new ArrayList<>();

    public GptLayout(GptOptions options, int vocabSize) {
        this.options = options;
        this.vocabSize = vocabSize;
        int t = options.contextLength();
        int d = options.dModel();
        // GPT-2 scales the init of the projections into the residual stream by the depth.
        double residualStd = INIT_STD / Math.sqrt(2.0 * options.layers());
        matrix(ParameterNames.TOKEN_EMBEDDING, "token embedding", vocabSize, d, INIT_STD);
        matrix(ParameterNames.POSITION_EMBEDDING, "position embedding", t, d, INIT_STD);
        for (int layer = 0; layer < options.layers(); layer++) {
            ParameterNames.Block names = ParameterNames.Block.of(layer);
            String attention = "block " + layer + " attention";
            String mlp = "block " + layer + " mlp";
            String norms = "block " + layer + " norms";
            norm(names.norm1(), norms);
            linear(names.qkv(), attention, d, 3L * d, INIT_STD);
            linear(names.attentionProjection(), attention, d, d, residualStd);
            norm(names.norm2(), norms);
            linear(names.fc(), mlp, d, 4L * d, INIT_STD);
            linear(names.mlpProjection(), mlp, 4L * d, d, residualStd);
        }
        norm(ParameterNames.FINAL_NORM, "final norm");
        matrix(ParameterNames.HEAD_WEIGHT, "head", d, vocabSize, INIT_STD);
    }

    /** Every parameter, in model order: the order their initial values are drawn in. */
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    public GptOptions options() {
        return options;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Block {@code layer}'s layers: norm1 → q|k|v (the attention) → projection; norm2 → fc → GELU → projection. */
    public ParameterNames.Block block(int layer) {
        return ParameterNames.Block.of(layer);
    }

    /** The scale of the attention scores, 1/sqrt(head size). */
    public double attentionScale() {
        return 1 / Math.sqrt(options.headSize());
    }

    private void matrix(String name, String part, long rows, long columns, double std) {
        parameters.add(new Parameter(name, part, rows, columns, Start.NORMAL, std));
    }

    private void linear(String name, String part, long in, long out, double std) {
        matrix(ParameterNames.weight(name), part, in, out, std);
        parameters.add(new Parameter(ParameterNames.bias(name), part, out, 0, Start.ZEROS, 0));
    }

    private void norm(String name, String part) {
        parameters.add(new Parameter(ParameterNames.gain(name), part, options.dModel(), 0, Start.ONES, 0));
        parameters.add(new Parameter(ParameterNames.bias(name), part, options.dModel(), 0, Start.ZEROS, 0));
    }
}
