package org.minigpt.samediff.graph;

import org.minigpt.samediff.runtime.ReusingSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
    private static final double INIT_STD = 0.02;
    private static final double MASKED = -1e9;

    private final SameDiff sd;
    private final GptOptions options;
    private final int vocabSize;
    private final DataType dataType;
    private final Map<String, String> partOf = new LinkedHashMap<>();
    private final List<String> dropoutMasks = new ArrayList<>();
    private final SplittableRandom init;
    private final Map<String, INDArray> shared = new LinkedHashMap<>(); // a replica's parameters: another graph's arrays

    private GptGraph(GptOptions options, int vocabSize, DataType dataType, long seed) {
        this.sd = SameDiff.create();
        this.options = options;
        this.vocabSize = vocabSize;
        this.dataType = dataType;
        this.init = new SplittableRandom(seed);
    }

    public static GptGraph build(GptOptions options, int vocabSize, DataType dataType, long seed) {
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabulary size must be >= 1, was " + vocabSize);
        }
        options.requireIndexable(vocabSize);
        GptGraph graph = new GptGraph(options, vocabSize, dataType, seed);
        ReusingSessions.register(graph.sd());
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
        ReusingSessions.register(replica.sd());
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
        int layers = options.layers();

        SDVariable tokens = sd.placeHolder(TOKENS, DataType.INT, -1, t);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.INT, -1, t);
        SDVariable targetWeights = sd.placeHolder(TARGET_WEIGHTS, dataType, -1, t);

        SDVariable tokenEmbedding = parameter(ParameterNames.TOKEN_EMBEDDING, "token embedding", normal(INIT_STD, vocabSize, d));
        SDVariable positionEmbedding = parameter(ParameterNames.POSITION_EMBEDDING, "position embedding", normal(INIT_STD, t, d));
        SDVariable oneHot = sd.oneHot(sd.reshape(tokens, -1), vocabSize, -1, 1.0, 0.0, dataType);
        SDVariable x = sd.reshape(sd.mmul(oneHot, tokenEmbedding), -1, t, d).add(positionEmbedding);
        x = sd.reshape(x, -1, d);

        SDVariable causalMask = sd.constant("causal_mask", causalMask(t));
        SDVariable queryScale = sd.constant("query_scale", queryScale());
        for (int layer = 0; layer < layers; layer++) {
            x = block(layer, x, causalMask, queryScale);
        }

        NormParameters finalNorm = layerNorm(ParameterNames.FINAL_NORM, "final norm");
        SDVariable head = parameter(ParameterNames.HEAD_WEIGHT, "head", normal(INIT_STD, d, vocabSize));
        SDVariable logits = normThenLinear(LOGITS, x, finalNorm, head, null, null);

        SDVariable labels = sd.oneHot(sd.reshape(targets, -1), vocabSize, -1, 1.0, 0.0, dataType);
        // The mean over the scored targets only: ignored ones weigh 0 and are not counted.
        sd.loss().softmaxCrossEntropy(LOSS, labels, logits, sd.reshape(targetWeights, -1),
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        sd.setLossVariables(LOSS);
    }

    private SDVariable block(int layer, SDVariable x, SDVariable causalMask, SDVariable queryScale) {
        int t = options.contextLength();
        int d = options.dModel();
        int heads = options.heads();
        int headSize = options.headSize();
        ParameterNames.Block names = ParameterNames.Block.of(layer);
        String attention = "block " + layer + " attention";
        String mlp = "block " + layer + " mlp";
        String norms = "block " + layer + " norms";
        // GPT-2 scales the init of the projections into the residual stream by the depth.
        double residualStd = INIT_STD / Math.sqrt(2.0 * options.layers());

        NormParameters norm1 = layerNorm(names.norm1(), norms);
        SDVariable qkvWeight = parameter(ParameterNames.weight(names.qkv()), attention, normal(INIT_STD, d, 3L * d));
        SDVariable qkvBias = parameter(ParameterNames.bias(names.qkv()), attention, Nd4j.zeros(dataType, 3L * d));
        // The attention scale 1/sqrt(headSize) goes on the query columns here, not on every score.
        SDVariable qkv = normThenLinear(null, x, norm1, qkvWeight, qkvBias, queryScale);
        // [B*T, 3D] -> [B, 3H, T, hs]: heads become a batch dimension of one batched matmul.
        qkv = sd.permute(sd.reshape(qkv, -1, t, 3L * heads, headSize), 0, 2, 1, 3);
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
        SDVariable attended = sd.permute(sd.mmul(weights, v), 0, 2, 1, 3);
        attended = sd.reshape(attended, -1, d);
        x = x.add(linear(names.attentionProjection(), attention, attended, d, d, residualStd));

        NormParameters norm2 = layerNorm(names.norm2(), norms);
        SDVariable fcWeight = parameter(ParameterNames.weight(names.fc()), mlp, normal(INIT_STD, d, 4L * d));
        SDVariable fcBias = parameter(ParameterNames.bias(names.fc()), mlp, Nd4j.zeros(dataType, 4L * d));
        // GELU in its sigmoid form, x * sigmoid(1.702 x): ND4J's tanh form (preciseGelu) is far slower and
        // trains to the same val loss (the README's "How it fits together").
        SDVariable h = sd.nn().gelu(normThenLinear(null, x, norm2, fcWeight, fcBias, null));
        return x.add(linear(names.mlpProjection(), mlp, h, 4 * d, d, residualStd));
    }

    private SDVariable linear(String name, String part, SDVariable input, int in, int out, double std) {
        SDVariable weight = parameter(ParameterNames.weight(name), part, normal(std, in, out));
        SDVariable bias = parameter(ParameterNames.bias(name), part, Nd4j.zeros(dataType, out));
        // xw_plus_b: its bias gradient is a column sum, where add's broadcast gradient is far slower.
        return sd.nn().linear(input, weight, bias);
    }

    /** A LayerNorm's learned gain and bias, which the layer reading its output applies (normThenLinear). */
    private record NormParameters(SDVariable gain, SDVariable bias) {
    }

    private NormParameters layerNorm(String name, String part) {
        int d = options.dModel();
        return new NormParameters(parameter(ParameterNames.gain(name), part, Nd4j.ones(dataType, d)),
                parameter(ParameterNames.bias(name), part, Nd4j.zeros(dataType, d)));
    }

    /**
     * LayerNorm, then a linear layer, with the norm's gain and bias folded into the layer's weights:
     * (x̂ ⊙ g + b) W + c = x̂ (g ⊙ W) + (b W + c), each column times {@code columnScale} when given. The same
     * function and gradients, but the gain and bias meet weight-sized arrays instead of every row of the
     * batch, where ND4J's broadcast gradients are slow. {@code bias} may be null (the head).
     */
    private SDVariable normThenLinear(String name, SDVariable input, NormParameters norm, SDVariable weight,
            SDVariable bias, SDVariable columnScale) {
        long in = weight.getShape()[0];
        // standardize rather than sd.nn().layerNorm: ND4J's layer_norm_bp is far slower.
        SDVariable standardized = sd.math().standardize(input, 1);
        SDVariable foldedWeight = weight.mul(sd.reshape(norm.gain(), in, 1));
        SDVariable foldedBias = sd.reshape(sd.mmul(sd.reshape(norm.bias(), 1, in), weight), -1);
        if (bias != null) {
            foldedBias = foldedBias.add(bias);
        }
        if (columnScale != null) {
            foldedWeight = foldedWeight.mul(columnScale);
            foldedBias = foldedBias.mul(columnScale);
        }
        // xw_plus_b: its bias gradient is a column sum, where add's broadcast gradient is far slower.
        return name == null ? sd.nn().linear(standardized, foldedWeight, foldedBias)
                : sd.nn().linear(name, standardized, foldedWeight, foldedBias);
    }

    private SDVariable parameter(String name, String part, INDArray initial) {
        partOf.put(name, part);
        // SDVariable.setArray copies into the graph's own array, so a replica is handed the arrays at creation.
        return sd.var(name, shared.getOrDefault(name, initial));
    }

    // Drawn in Java from train.seed, so a seed gives the same weights on every backend.
    private INDArray normal(double std, long rows, long columns) {
        double[] values = new double[Math.toIntExact(rows * columns)];
        for (int i = 0; i < values.length; i++) {
            values[i] = init.nextGaussian() * std;
        }
        return Nd4j.create(values, new long[] {rows, columns}, dataType);
    }

    // 1/sqrt(headSize) on the query columns of the fused q|k|v projection, 1 on the key and value columns.
    private INDArray queryScale() {
        int d = options.dModel();
        double[] scale = new double[3 * d];
        Arrays.fill(scale, 0, d, 1.0 / Math.sqrt(options.headSize()));
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
