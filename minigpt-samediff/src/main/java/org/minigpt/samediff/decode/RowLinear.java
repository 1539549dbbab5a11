package org.minigpt.samediff.decode;

/**
 * A linear layer on rows for {@link CachedForwardPass}: rows of [in] x weight [in][out] + bias. Matrices
 * are arrays of rows and every inner loop indexes from 0, which HotSpot's C2 vectorises.
 */
record RowLinear(float[][] weight, float[] bias) {
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
    // from the two-row loop below, which runs a single row at half this speed.
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
