package org.minigpt.samediff.decode;

/**
 * A linear layer on rows for {@link CachedForwardPass}: rows of [in] x weight [in][out] + bias. Every row is
 * computed by the same loop, alone or with others, so a row's result never depends on its batch. Matrices are arrays of rows and every inner loop indexes its arrays
 * alike, which HotSpot's C2 vectorises; one row at a time, because C2 does not vectorise a loop that stores to
 * two rows (it cannot tell they are different arrays).
 */
record RowLinear(float[][] weight, float[] bias) {
    /**
     * Input rows taken at a time, a multiple of four: their weights stay in the core's cache while every row of
     * the step uses them, and each output still sums its products in the same order.
     */
    private static final int INPUT_BLOCK = 64;

    float[][] apply(float[][] input) {
        float[][] result = new float[input.length][];
        for (int r = 0; r < input.length; r++) {
            result[r] = bias.clone();
        }
        for (int k = 0; k < weight.length; k += INPUT_BLOCK) {
            int end = Math.min(weight.length, k + INPUT_BLOCK);
            for (int r = 0; r < input.length; r++) {
                addProducts(input[r], result[r], k, end, 0, bias.length);
            }
        }
        return result;
    }

    // y[from..to) += x[kFrom..kTo) W[kFrom..kTo)[from..to), four weight rows per pass: each output is loaded and
    // stored a quarter as often.
    private void addProducts(float[] x, float[] y, int kFrom, int kTo, int from, int to) {
        int i = kFrom;
        for (; i + 3 < kTo; i += 4) {
            float a0 = x[i];
            float a1 = x[i + 1];
            float a2 = x[i + 2];
            float a3 = x[i + 3];
            float[] w0 = weight[i];
            float[] w1 = weight[i + 1];
            float[] w2 = weight[i + 2];
            float[] w3 = weight[i + 3];
            for (int j = from; j < to; j++) {
                y[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
            }
        }
        for (; i < kTo; i++) {
            float a = x[i];
            float[] w = weight[i];
            for (int j = from; j < to; j++) {
                y[j] += a * w[j];
            }
        }
    }
}
