package org.minigpt.samediff.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minigpt.samediff.graph.GptGraph;
import org.minigpt.samediff.graph.GptLayout;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.graph.ParameterNames;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forward pass of {@link GptGraph} for generation with a key/value cache, in plain Java on a copy of the
 * weights: the rows of many sequences at once, prompt chunks and single new tokens. Hand-written because a
 * decoding step is a few rows, all dispatch and little arithmetic for ND4J, and because a row must give the same
 * floats whatever shares its step, which a BLAS kernel chosen by the batch's size does not promise
 * (docs/serving.md has the figures). {@code BatchedDecoderTest} checks it against the full graph.
 *
 * <p>Matrices are kept as arrays of rows, and every inner loop indexes its arrays from 0: HotSpot's
 * C2 vectorises {@code y[j] += a * w[j]} but not {@code y[j] += a * w[k + j]} on one flat array,
 * which it cannot prove free of aliasing.
 */
final class CachedForwardPass {
    private static final float GELU_SCALE = (float) GptLayout.GELU_SCALE;

    private final int d;
    private final int heads;
    private final boolean tanhGelu;
    private final double attentionScale;
    private final float[][] tokenEmbedding;
    private final float[][] positionEmbedding;
    private final Block[] blocks;
    private final RowNorm finalNorm;
    private final RowLinear head;

    private record Block(RowNorm norm1, RowLinear qkv, RowLinear proj, RowNorm norm2, RowLinear fc, RowLinear out) {
    }

    CachedForwardPass(GptGraph graph) {
        GptLayout layout = new GptLayout(graph.options(), graph.vocabSize());
        GptOptions options = layout.options();
        this.d = options.dModel();
        this.heads = options.heads();
        this.tanhGelu = options.gelu() == GptOptions.Gelu.TANH;
        this.attentionScale = layout.attentionScale();
        this.tokenEmbedding = matrix(graph, ParameterNames.TOKEN_EMBEDDING);
        this.positionEmbedding = matrix(graph, ParameterNames.POSITION_EMBEDDING);
        this.blocks = new Block[options.layers()];
        for (int layer = 0; layer < blocks.length; layer++) {
            ParameterNames.Block names = layout.block(layer);
            blocks[layer] = new Block(norm(graph, names.norm1()), linear(graph, names.qkv()),
                    linear(graph, names.attentionProjection()), norm(graph, names.norm2()), linear(graph, names.fc()),
                    linear(graph, names.mlpProjection()));
        }
        this.finalNorm = norm(graph, ParameterNames.FINAL_NORM);
        this.head = new RowLinear(matrix(graph, ParameterNames.HEAD_WEIGHT), new float[graph.vocabSize()]);
    }

    // [in][out], from one bulk copy: toFloatMatrix reads element by element.
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

    private static RowNorm norm(GptGraph graph, String name) {
        return new RowNorm(vector(graph, ParameterNames.gain(name)), vector(graph, ParameterNames.bias(name)));
    }

    private static RowLinear linear(GptGraph graph, String name) {
        return new RowLinear(matrix(graph, ParameterNames.weight(name)), vector(graph, ParameterNames.bias(name)));
    }

    /** Tokens of one sequence in a step: they stand at positions {@code first} onwards of its cache. */
    record Chunk(KvSequence sequence, int[] tokens, int first, boolean logits) {
    }

    /**
     * Every chunk's rows through the layers together, each linear layer in one pass over its weights; each row
     * attends over its own sequence's cache, where its keys and values are set. Returns, per chunk, the logits
     * after its last token, or null where not asked.
     */
    float[][] forward(List<Chunk> chunks) {
        int rows = chunks.stream().mapToInt(chunk -> chunk.tokens().length).sum();
        Chunk[] chunkOf = new Chunk[rows];
        int[] positionOf = new int[rows];
        float[][] x = new float[rows][d];
        int r = 0;
        for (Chunk chunk : chunks) {
            for (int i = 0; i < chunk.tokens().length; i++, r++) {
                chunkOf[r] = chunk;
                positionOf[r] = chunk.first() + i;
                float[] token = tokenEmbedding[chunk.tokens()[i]];
                float[] position = positionEmbedding[positionOf[r]];
                for (int j = 0; j < d; j++) {
                    x[r][j] = token[j] + position[j];
                }
            }
        }
        for (int layer = 0; layer < blocks.length; layer++) {
            Block block = blocks[layer];
            float[][] qkv = block.qkv().apply(block.norm1().apply(x));
            for (r = 0; r < rows; r++) {
                chunkOf[r].sequence().setKey(layer, positionOf[r], qkv[r], d);
                chunkOf[r].sequence().values[layer][positionOf[r]] = Arrays.copyOfRange(qkv[r], 2 * d, 3 * d);
            }
            float[][] attended = new float[rows][];
            for (r = 0; r < rows; r++) {
                KvSequence sequence = chunkOf[r].sequence();
                attended[r] = attend(qkv[r], positionOf[r], sequence.keys[layer], sequence.values[layer]);
            }
            addTo(x, block.proj().apply(attended));
            float[][] hidden = block.fc().apply(block.norm2().apply(x));
            for (float[] row : hidden) {
                gelu(row);
            }
            addTo(x, block.out().apply(hidden));
        }
        return logits(chunks, x);
    }

    // The final norm and the head on the last row of each chunk that asks.
    private float[][] logits(List<Chunk> chunks, float[][] x) {
        List<float[]> last = new ArrayList<>();
        int end = 0;
        for (Chunk chunk : chunks) {
            end += chunk.tokens().length;
            if (chunk.logits()) {
                last.add(x[end - 1]);
            }
        }
        float[][] heads = head.apply(finalNorm.apply(last.toArray(float[][]::new)));
        float[][] result = new float[chunks.size()][];
        int asked = 0;
        for (int c = 0; c < chunks.size(); c++) {
            if (chunks.get(c).logits()) {
                result[c] = heads[asked++];
            }
        }
        return result;
    }

    // GELU in the form the graph computes.
    private void gelu(float[] row) {
        if (tanhGelu) {
            for (int i = 0; i < row.length; i++) {
                double x = row[i];
                row[i] = (float) (0.5 * x * (1 + Math.tanh(GptLayout.GELU_TANH_SCALE * (x + GptLayout.GELU_TANH_CUBIC * x * x * x))));
            }
            return;
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (row[i] / (1 + Math.exp(-GELU_SCALE * row[i])));
        }
    }

    // The query of one row (at position p; the first d values of its qkv) against the keys of positions 0..p,
    // each head on its slice of d. Keys are held a column per feature, so a score's products add up across
    // positions in vectors, each score still summed in feature order.
    private float[] attend(float[] query, int p, float[][] keyColumns, float[][] values) {
        int headSize = d / heads;
        double scale = attentionScale;
        float[] scores = new float[p + 1];
        float[] attended = new float[d];
        for (int h = 0; h < heads; h++) {
            int offset = h * headSize;
            Arrays.fill(scores, 0f);
            for (int j = offset; j < offset + headSize; j++) {
                float q = query[j];
                float[] column = keyColumns[j];
                for (int t = 0; t <= p; t++) {
                    scores[t] += q * column[t];
                }
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t <= p; t++) {
                scores[t] = (float) (scores[t] * scale);
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
