package org.minigpt.samediff.graph;

import org.minigpt.samediff.runtime.ReusingSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff graph of a decoder-only Transformer (GPT-2 layout): token and learned position
 * embeddings, pre-LayerNorm blocks of causal multi-head self-attention and a 4x GELU MLP, a final
 * LayerNorm and a linear head, with next-token cross-entropy as the loss.
 *
 * <p>Choices forced by SameDiff 1.0.0-M2.1, each covered by the gradient check in the tests:
 * token embeddings are one-hot x matrix because {@code gather} drops repeated indices in its
 * gradient; the loss is {@code softmaxCrossEntropy} on one-hot labels because the sparse one
 * ignores its incoming gradient; the causal mask is added before a plain softmax because the fused
 * attention ops reject a [T, T] mask; dropout multiplies by a mask fed as a placeholder because the
 * built-in dropout has no gradient and no train/eval switch.
 *
 * <p>Every window has exactly {@code contextLength} tokens; shorter contexts are padded on the right,
 * which the causal mask keeps invisible to the positions before them.
 */
public final class GptGraph {
    public static final String TOKENS = "tokens";
    public static final String TARGETS = "targets";
    /** 1 where a target is scored, 0 where it is not (the batch's ignored targets); [B, T]. */
    public static final String TARGET_WEIGHTS = "target_weights";
    public static final String LOGITS = "logits";
    public static final String LOSS = "loss";

    private static final String GRADIENT_FUNCTION = "grad"; // SameDiff.GRAD_FN_KEY, which is not public
    private static final double MASKED = -1e9;

    private final SameDiff sd;
    private final GptOptions options;
    private final int vocabSize;
    private final DataType dataType;
    private final Map<String, String> partOf = new LinkedHashMap<>();
    private final List<String> dropoutMasks = new ArrayList<>();
    private final InitialValues initial;
    private final Map<String, INDArray> shared = new LinkedHashMap<>(); // a replica's parameters: another graph's arrays

    private GptGraph(GptOptions options, int vocabSize, DataType dataType, long seed) {
        this.sd = SameDiff.create();
        this.options = options;
        this.vocabSize = vocabSize;
        this.dataType = dataType;
        this.initial = new InitialValues(seed, dataType);
    }

    public static GptGraph build(GptOptions options, int vocabSize, DataType dataType, long seed) {
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabulary size must be >= 1, was " + vocabSize);
        }
        options.requireIndexable(vocabSize);
        GptGraph graph = new GptGraph(options, vocabSize, dataType, seed);
        ReusingSessions.install().register(graph.sd());
        graph.define();
        return graph;
    }

    /**
     * The same graph again, its parameters the very arrays of this one (an update of either is an update of
     * both), so another thread can run it on other rows of a batch.
     */
    public GptGraph replica() {
        GptGraph replica = new GptGraph(options, vocabSize, dataType, 0);
        partOf.keySet().forEach(name -> replica.shared.put(name, parameter(name)));
        ReusingSessions.install().register(replica.sd());
        replica.define();
        return replica;
    }

    public SameDiff sd() {
        return sd;
    }

    public GptOptions options() {
        return options;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Parameter names, in model order. */
    public List<String> parameters() {
        return List.copyOf(partOf.keySet());
    }

    /** The part each parameter belongs to (e.g. {@code block 0 attention}), in model order. */
    public Map<String, String> parts() {
        return Collections.unmodifiableMap(partOf);
    }

    /** Names of the dropout-mask placeholders, one per block; empty when dropout is 0. */
    public List<String> dropoutMasks() {
        return List.copyOf(dropoutMasks);
    }

    /** The graph SameDiff runs for gradients, once {@code createGradFunction} has built it. */
    public SameDiff gradientGraph() {
        return sd.getFunction(GRADIENT_FUNCTION);
    }

    public INDArray parameter(String name) {
        return sd.getVariable(name).getArr();
    }

    private void define() {
        int t = options.contextLength();
        int d = options.dModel();
        GptLayout layout = new GptLayout(options, vocabSize);
        layout.parameters().forEach(this::parameter);

        SDVariable tokens = sd.placeHolder(TOKENS, DataType.INT, -1, t);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.INT, -1, t);
        SDVariable targetWeights = sd.placeHolder(TARGET_WEIGHTS, dataType, -1, t);

        SDVariable oneHot = sd.oneHot(sd.reshape(tokens, -1), vocabSize, -1, 1.0, 0.0, dataType);
        SDVariable x = sd.reshape(sd.mmul(oneHot, variable(ParameterNames.TOKEN_EMBEDDING)), -1, t, d)
                .add(variable(ParameterNames.POSITION_EMBEDDING));
        x = sd.reshape(x, -1, d);

        SDVariable causalMask = sd.constant("causal_mask", causalMask(t));
        SDVariable queryScale = sd.constant("query_scale", queryScale(layout.attentionScale()));
        for (int layer = 0; layer < options.layers(); layer++) {
            x = block(layout.block(layer), x, causalMask, queryScale);
        }
        SDVariable logits = normThenLinear(LOGITS, x, ParameterNames.FINAL_NORM, variable(ParameterNames.HEAD_WEIGHT), null, null);

        SDVariable labels = sd.oneHot(sd.reshape(targets, -1), vocabSize, -1, 1.0, 0.0, dataType);
        // Weights are fed already divided by the scored targets: their sum is the (weighted) mean over those.
        sd.loss().softmaxCrossEntropy(LOSS, labels, logits, sd.reshape(targetWeights, -1), LossReduce.SUM, 0.0);
        sd.setLossVariables(LOSS);
    }

    private SDVariable block(ParameterNames.Block names, SDVariable x, SDVariable causalMask, SDVariable queryScale) {
        int t = options.contextLength();
        int d = options.dModel();
        int heads = options.heads();
        // The attention scale goes on the query columns of q|k|v here, not on every score.
        SDVariable qkv = normThenLinear(null, x, names.norm1(), variable(ParameterNames.weight(names.qkv())),
                variable(ParameterNames.bias(names.qkv())), queryScale);
        // [B*T, 3D] -> [B, 3H, T, hs]: heads become a batch dimension of one batched matmul.
        qkv = sd.permute(sd.reshape(qkv, -1, t, 3L * heads, options.headSize()), 0, 2, 1, 3);
        SDVariable q = qkv.get(SDIndex.all(), SDIndex.interval(0, heads));
        SDVariable k = qkv.get(SDIndex.all(), SDIndex.interval(heads, 2 * heads));
        SDVariable v = qkv.get(SDIndex.all(), SDIndex.interval(2 * heads, 3 * heads));

        SDVariable scores = sd.mmul(q, k, false, true, false).add(causalMask);
        SDVariable weights = sd.nn().softmax(scores, 3);
        if (options.dropout() > 0) {
            // Dropout on the attention weights, as the tutorial's nn.MultiheadAttention does.
            SDVariable mask = sd.placeHolder(names.dropoutMask(), dataType, -1, heads, t, t);
            dropoutMasks.add(mask.name());
            weights = weights.mul(mask);
        }
        SDVariable attended = sd.reshape(sd.permute(sd.mmul(weights, v), 0, 2, 1, 3), -1, d);
        x = x.add(linear(names.attentionProjection(), attended));

        SDVariable h = gelu(normThenLinear(null, x, names.norm2(), variable(ParameterNames.weight(names.fc())),
                variable(ParameterNames.bias(names.fc())), null));
        return x.add(linear(names.mlpProjection(), h));
    }

    // sd.nn().gelu is GptLayout.GELU_SCALE's sigmoid form. The tanh form is composed: ND4J M2.1's preciseGelu
    // computes another function (0.83 at 1, where GPT-2's GELU is 0.84).
    private SDVariable gelu(SDVariable x) {
        if (options.gelu() != GptOptions.Gelu.TANH) {
            return sd.nn().gelu(x);
        }
        SDVariable inner = x.add(x.mul(x).mul(x).mul(GptLayout.GELU_TANH_CUBIC)).mul(GptLayout.GELU_TANH_SCALE);
        return x.mul(0.5).mul(sd.math().tanh(inner).add(1.0));
    }

    private SDVariable linear(String name, SDVariable input) {
        // xw_plus_b: its bias gradient is a column sum, where add's broadcast gradient is far slower.
        return sd.nn().linear(input, variable(ParameterNames.weight(name)), variable(ParameterNames.bias(name)));
    }

    /**
     * LayerNorm {@code norm}, then a linear layer, with the norm's gain and bias folded into the layer's weights:
     * (x̂ ⊙ g + b) W + c = x̂ (g ⊙ W) + (b W + c), each column times {@code columnScale} when given. The same
     * function and gradients, but the gain and bias meet weight-sized arrays instead of every row of the
     * batch, where ND4J's broadcast gradients are slow. {@code bias} may be null (the head).
     */
    private SDVariable normThenLinear(String name, SDVariable input, String norm, SDVariable weight, SDVariable bias,
            SDVariable columnScale) {
        long in = weight.getShape()[0];
        // standardize rather than sd.nn().layerNorm: ND4J's layer_norm_bp is far slower.
        SDVariable standardized = sd.math().standardize(input, 1);
        SDVariable foldedWeight = weight.mul(sd.reshape(variable(ParameterNames.gain(norm)), in, 1));
        SDVariable foldedBias = sd.reshape(sd.mmul(sd.reshape(variable(ParameterNames.bias(norm)), 1, in), weight), -1);
        if (bias != null) {
            foldedBias = foldedBias.add(bias);
        }
        if (columnScale != null) {
            foldedWeight = foldedWeight.mul(columnScale);
            foldedBias = foldedBias.mul(columnScale);
        }
        return name == null ? sd.nn().linear(standardized, foldedWeight, foldedBias)
                : sd.nn().linear(name, standardized, foldedWeight, foldedBias);
    }

    private void parameter(GptLayout.Parameter parameter) {
        partOf.put(parameter.name(), parameter.part());
        // SDVariable.setArray copies into the graph's own array, so a replica is handed the arrays at creation.
        INDArray shared = this.shared.get(parameter.name());
        sd.var(parameter.name(), shared != null ? shared : initial.of(parameter));
    }

    private SDVariable variable(String name) {
        return sd.getVariable(name);
    }

    // The attention scale on the query columns of the fused q|k|v projection, 1 on the key and value columns.
    private INDArray queryScale(double attentionScale) {
        int d = options.dModel();
        double[] scale = new double[3 * d];
        Arrays.fill(scale, 0, d, attentionScale);
        Arrays.fill(scale, d, 3 * d, 1.0);
        return Nd4j.create(scale, new long[] {3 * d}, dataType);
    }

    private INDArray causalMask(int t) {
        double[] mask = new double[t * t];
        for (int row = 0; row < t; row++) {
            for (int column = row + 1; column < t; column++) {
                mask[row * t + column] = MASKED;
            }
        }
        return Nd4j.create(mask, new long[] {t, t}, dataType);
    }
}
