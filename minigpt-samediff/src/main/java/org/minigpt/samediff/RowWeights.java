package org.minigpt.samediff;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forward pass of {@link GptGraph} for generation with a key/value cache, in plain Java on a
 * copy of the weights: a prompt's rows at once, then one row per token. Hand-written because these
 * are all dispatch and little arithmetic for ND4J: a one-row step took ~4.5 ms as eager ops (~75 ops
 * at ~60 µs each) and ~9 ms as a second SameDiff graph, and a 32-token prompt ~14 ms through the full
 * graph, for work these loops do in a fraction of that. {@code GptDecoderTest} checks them against
 * the full graph.
 *
 * <p>Matrices are kept as arrays of rows, and every inner loop indexes its arrays from 0: HotSpot's
 * C2 vectorises {@code y[j] += a * w[j]} (~30 GFLOP/s here) but not {@code y[j] += a * w[k + j]}
 * on one flat array (~3.7 GFLOP/s), which it cannot prove free of aliasing.
 */
final class RowWeights {
    // GptGraph's ops, mirrored: ND4J's standardize divides by the biased standard deviation, and its
    // gelu is x * sigmoid(1.702 x).
    private static final float GELU_SCALE = 1.702f;

    private final int d;
    private final int heads;
    private final int headSize;
    private final float[][] tokenEmbedding;
    private final float[][] positionEmbedding;
    private final Block[] blocks;
    private final Norm finalNorm;
    private final Linear head;

    private record Block(Norm norm1, Linear qkv, Linear proj, Norm norm2, Linear fc, Linear out) {
    }

    /** Each row of x to zero mean and unit (biased) variance, then gain and bias. */
    private record Norm(float[] gain, float[] bias) {
        float[][] apply(float[][] x) {
            float[][] result = new float[x.length][];
            for (int r = 0; r < x.length; r++) {
                float[] row = x[r];
                double mean = 0;
                for (float v : row) {
                    mean += v;
                }
                mean /= row.length;
                double variance = 0;
                for (float v : row) {
                    variance += (v - mean) * (v - mean);
                }
                double std = Math.sqrt(variance / row.length);
                float[] out = new float[row.length];
                for (int i = 0; i < row.length; i++) {
                    out[i] = (float) ((row[i] - mean) / std) * gain[i] + bias[i];
                }
                result[r] = out;
            }
            return result;
        }
    }

    /** Rows of [in] x weight [in][out] + bias. */
    private record Linear(float[][] weight, float[] bias) {
        float[][] apply(float[][] input) {
            float[][] result = new float[input.length][];
            int r = 0;
            // Two rows per pass over the weights (a prompt's rows): each weight is loaded half as often.
            for (; r + 1 < input.length; r += 2) {
                float[] y0 = bias.clone();
                float[] y1 = bias.clone();
                addProducts(input[r], input[r + 1], y0, y1);
                result[r] = y0;
                result[r + 1] = y1;
            }
            if (r < input.length) {
                float[] y = bias.clone();
                addProducts(input[r], y);
                result[r] = y;
            }
            return result;
        }

        // y += x W, four weight rows per pass: each output is loaded and stored a quarter as often. Kept apart
        // from the two-row loop below: one row through that one (a twin thrown away) generated at half the speed.
        private void addProducts(float[] x, float[] y) {
            int i = 0;
            for (; i + 3 < x.length; i += 4) {
                float a0 = x[i];
                float a1 = x[i + 1];
                float a2 = x[i + 2];
                float a3 = x[i + 3];
                float[] w0 = weight[i];
                float[] w1 = weight[i + 1];
                float[] w2 = weight[i + 2];
                float[] w3 = weight[i + 3];
                for (int j = 0; j < y.length; j++) {
                    y[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
                }
            }
            for (; i < x.length; i++) {
                float a = x[i];
                float[] w = weight[i];
                for (int j = 0; j < y.length; j++) {
                    y[j] += a * w[j];
                }
            }
        }

        // y0 += x0 W and y1 += x1 W in one pass over W.
        private void addProducts(float[] x0, float[] x1, float[] y0, float[] y1) {
            int i = 0;
            for (; i + 3 < x0.length; i += 4) {
                float a0 = x0[i];
                float a1 = x0[i + 1];
                float a2 = x0[i + 2];
                float a3 = x0[i + 3];
                float b0 = x1[i];
                float b1 = x1[i + 1];
                float b2 = x1[i + 2];
                float b3 = x1[i + 3];
                float[] w0 = weight[i];
                float[] w1 = weight[i + 1];
                float[] w2 = weight[i + 2];
                float[] w3 = weight[i + 3];
                for (int j = 0; j < y0.length; j++) {
                    float v0 = w0[j];
                    float v1 = w1[j];
                    float v2 = w2[j];
                    float v3 = w3[j];
                    y0[j] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
                    y1[j] += b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
                }
            }
            for (; i < x0.length; i++) {
                float a = x0[i];
                float b = x1[i];
                float[] w = weight[i];
                for (int j = 0; j < y0.length; j++) {
                    y0[j] += a * w[j];
                    y1[j] += b * w[j];
                }
            }
        }
    }

    RowWeights(GptGraph graph) {
        GptOptions options = graph.options;
        this.d = options.dModel();
        this.heads = options.heads();
        this.headSize = options.headSize();
        this.tokenEmbedding = matrix(graph, "wte");
        this.positionEmbedding = matrix(graph, "wpe");
        this.blocks = new Block[options.layers()];
        for (int layer = 0; layer < blocks.length; layer++) {
            String p = "h" + layer;
            blocks[layer] = new Block(norm(graph, p + ".ln_1"), linear(graph, p + ".attn.qkv"), linear(graph, p + ".attn.proj"),
                    norm(graph, p + ".ln_2"), linear(graph, p + ".mlp.fc"), linear(graph, p + ".mlp.proj"));
        }
        this.finalNorm = norm(graph, "ln_f");
        this.head = new Linear(matrix(graph, "head.weight"), new float[graph.vocabSize]);
    }

    // [in][out], from one bulk copy: toFloatMatrix reads element by element (~100 ms for the seed's model).
    private static float[][] matrix(GptGraph graph, String name) {
        INDArray parameter = graph.parameter(name);
        int columns = Math.toIntExact(parameter.size(1));
        float[] flat = vector(graph, name);
        float[][] rows = new float[Math.toIntExact(parameter.size(0))][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
        }
        return rows;
    }

    private static float[] vector(GptGraph graph, String name) {
        return graph.parameter(name).castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
    }

    private static Norm norm(GptGraph graph, String name) {
        return new Norm(vector(graph, name + ".gain"), vector(graph, name + ".bias"));
    }

    private static Linear linear(GptGraph graph, String name) {
        return new Linear(matrix(graph, name + ".weight"), vector(graph, name + ".bias"));
    }

    /**
     * The logits after the last of {@code tokens}, which stand at positions {@code first} onwards; sets
     * their keys and values, {@code keys[layer][position]}, in the cache, whose positions before
     * {@code first} hold the tokens before them. A prompt is {@code first = 0}; each generated token is one row.
     */
    float[] forward(int[] tokens, int first, float[][][] keys, float[][][] values) {
        int rows = tokens.length;
        float[][] x = new float[rows][d];
        for (int r = 0; r < rows; r++) {
            float[] token = tokenEmbedding[tokens[r]];
            float[] position = positionEmbedding[first + r];
            for (int i = 0; i < d; i++) {
                x[r][i] = token[i] + position[i];
            }
        }
        for (int layer = 0; layer < blocks.length; layer++) {
            Block block = blocks[layer];
            float[][] qkv = block.qkv().apply(block.norm1().apply(x));
            for (int r = 0; r < rows; r++) {
                keys[layer][first + r] = Arrays.copyOfRange(qkv[r], d, 2 * d);
                values[layer][first + r] = Arrays.copyOfRange(qkv[r], 2 * d, 3 * d);
            }
            float[][] attended = new float[rows][];
            for (int r = 0; r < rows; r++) {
                attended[r] = attend(qkv[r], first + r, keys[layer], values[layer]);
            }
            addTo(x, block.proj().apply(attended));
            float[][] hidden = block.fc().apply(block.norm2().apply(x));
            for (float[] row : hidden) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) (row[i] / (1 + Math.exp(-GELU_SCALE * row[i])));
                }
            }
            addTo(x, block.out().apply(hidden));
        }
        return head.apply(finalNorm.apply(new float[][] {x[rows - 1]}))[0];
    }

    // The query of one row (at position p; the first d values of its qkv) against the keys of positions
    // 0..p: each head on its slice of d.
    private float[] attend(float[] query, int p, float[][] keys, float[][] values) {
        double scale = 1 / Math.sqrt(headSize);
        float[] scores = new float[p + 1];
        float[] attended = new float[d];
        for (int h = 0; h < heads; h++) {
            int offset = h * headSize;
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t <= p; t++) {
                float[] key = keys[t];
                float dot = 0;
                for (int j = offset; j < offset + headSize; j++) {
                    dot += query[j] * key[j];
                }
                scores[t] = (float) (dot * scale);
                max = Math.max(max, scores[t]);
            }
            float sum = 0;
            for (int t = 0; t <= p; t++) {
                scores[t] = (float) Math.exp(scores[t] - max);
                sum += scores[t];
            }
            for (int t = 0; t <= p; t++) {
                float weight = scores[t] / sum;
                float[] value = values[t];
                for (int j = offset; j < offset + headSize; j++) {
                    attended[j] += weight * value[j];
                }
            }
        }
        return attended;
    }

    private static void addTo(float[][] x, float[][] delta) {
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < x[r].length; i++) {
                x[r][i] += delta[r][i];
            }
        }
    }
}
