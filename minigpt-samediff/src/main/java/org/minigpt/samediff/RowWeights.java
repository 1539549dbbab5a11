package org.minigpt.samediff;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The blocks of {@link GptGraph} for one new position, in plain Java on a copy of the weights, for
 * generation with a key/value cache. Hand-written because a one-row step is all dispatch and no
 * arithmetic for ND4J: as eager ops it took ~4.5 ms a token here (~75 ops at ~60 µs each) and as a
 * second SameDiff graph ~9 ms, for ~0.8 M multiply-adds that these loops do in a fraction of a
 * millisecond. {@code GptDecoderTest} checks it against the full graph.
 */
final class RowWeights {
    // GptGraph's ops, mirrored: ND4J's standardize divides by the biased standard deviation, and its
    // gelu is x * sigmoid(1.702 x).
    private static final float GELU_SCALE = 1.702f;

    private final int d;
    private final int heads;
    private final int headSize;
    private final int vocab;
    private final float[] wte;
    private final float[] wpe;
    private final Block[] blocks;
    private final float[] finalGain;
    private final float[] finalBias;
    private final float[] head;

    private record Block(float[] gain1, float[] bias1, float[] qkvW, float[] qkvB, float[] projW, float[] projB,
            float[] gain2, float[] bias2, float[] fcW, float[] fcB, float[] outW, float[] outB) {
    }

    RowWeights(GptGraph graph) {
        GptOptions options = graph.options;
        this.d = options.dModel();
        this.heads = options.heads();
        this.headSize = options.headSize();
        this.vocab = graph.vocabSize;
        this.wte = floats(graph, "wte");
        this.wpe = floats(graph, "wpe");
        this.blocks = new Block[options.layers()];
        for (int layer = 0; layer < blocks.length; layer++) {
            String p = "h" + layer;
            blocks[layer] = new Block(floats(graph, p + ".ln_1.gain"), floats(graph, p + ".ln_1.bias"),
                    floats(graph, p + ".attn.qkv.weight"), floats(graph, p + ".attn.qkv.bias"),
                    floats(graph, p + ".attn.proj.weight"), floats(graph, p + ".attn.proj.bias"),
                    floats(graph, p + ".ln_2.gain"), floats(graph, p + ".ln_2.bias"),
                    floats(graph, p + ".mlp.fc.weight"), floats(graph, p + ".mlp.fc.bias"),
                    floats(graph, p + ".mlp.proj.weight"), floats(graph, p + ".mlp.proj.bias"));
        }
        this.finalGain = floats(graph, "ln_f.gain");
        this.finalBias = floats(graph, "ln_f.bias");
        this.head = floats(graph, "head.weight");
    }

    private static float[] floats(GptGraph graph, String name) {
        return graph.parameter(name).castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector(); // row-major [in, out]
    }

    /**
     * The logits after {@code token} at {@code position}; writes its keys and values into row
     * {@code position} of each layer's cache, whose earlier rows hold the positions before it.
     */
    float[] step(int token, int position, float[][] keys, float[][] values) {
        float[] x = new float[d];
        for (int i = 0; i < d; i++) {
            x[i] = wte[token * d + i] + wpe[position * d + i];
        }
        float[] scores = new float[position + 1];
        float[] attended = new float[d];
        for (int layer = 0; layer < blocks.length; layer++) {
            Block block = blocks[layer];
            float[] qkv = linear(layerNorm(x, block.gain1(), block.bias1()), block.qkvW(), block.qkvB(), 3 * d);
            System.arraycopy(qkv, d, keys[layer], position * d, d);
            System.arraycopy(qkv, 2 * d, values[layer], position * d, d);
            double scale = 1 / Math.sqrt(headSize);
            java.util.Arrays.fill(attended, 0);
            for (int h = 0; h < heads; h++) {
                int offset = h * headSize;
                float max = Float.NEGATIVE_INFINITY;
                for (int t = 0; t <= position; t++) {
                    float dot = 0;
                    for (int j = 0; j < headSize; j++) {
                        dot += qkv[offset + j] * keys[layer][t * d + offset + j];
                    }
                    scores[t] = (float) (dot * scale);
                    max = Math.max(max, scores[t]);
                }
                float sum = 0;
                for (int t = 0; t <= position; t++) {
                    scores[t] = (float) Math.exp(scores[t] - max);
                    sum += scores[t];
                }
                for (int t = 0; t <= position; t++) {
                    float weight = scores[t] / sum;
                    for (int j = 0; j < headSize; j++) {
                        attended[offset + j] += weight * values[layer][t * d + offset + j];
                    }
                }
            }
            add(x, linear(attended, block.projW(), block.projB(), d));
            float[] hidden = linear(layerNorm(x, block.gain2(), block.bias2()), block.fcW(), block.fcB(), 4 * d);
            for (int i = 0; i < hidden.length; i++) {
                hidden[i] = (float) (hidden[i] / (1 + Math.exp(-GELU_SCALE * hidden[i])));
            }
            add(x, linear(hidden, block.outW(), block.outB(), d));
        }
        return linear(layerNorm(x, finalGain, finalBias), head, new float[vocab], vocab);
    }

    // input [in] x weight [in, out] + bias: row by row, a loop the JIT vectorises.
    private static float[] linear(float[] input, float[] weight, float[] bias, int out) {
        float[] result = bias.clone();
        for (int i = 0; i < input.length; i++) {
            float a = input[i];
            int row = i * out;
            for (int j = 0; j < out; j++) {
                result[j] += a * weight[row + j];
            }
        }
        return result;
    }

    private static float[] layerNorm(float[] x, float[] gain, float[] bias) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double variance = 0;
        for (float v : x) {
            variance += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(variance / x.length);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) / std) * gain[i] + bias[i];
        }
        return out;
    }

    private static void add(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
