package org.minigpt.samediff.decode;

/**
 * LayerNorm on rows for {@link CachedForwardPass}: each row of x to zero mean and unit (biased)
 * variance, as ND4J's standardize does, then gain and bias.
 */
record RowNorm(float[] gain, float[] bias) {
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
