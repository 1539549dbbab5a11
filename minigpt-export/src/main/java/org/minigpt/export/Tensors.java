package org.minigpt.export;

import org.minigpt.api.model.Gpt2Form;

/** Layout changes between GPT-2's [in, out] matrices and the [out, in] rows other runtimes multiply by. */
final class Tensors {
    private Tensors() {
    }

    /** {@code tensor}'s [rows, columns] values as [columns, rows]. */
    static float[] transposed(Gpt2Form.Tensor tensor) {
        int rows = Math.toIntExact(tensor.shape()[0]);
        int columns = Math.toIntExact(tensor.shape()[1]);
        float[] values = tensor.values();
        float[] result = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                result[c * rows + r] = values[r * columns + c];
            }
        }
        return result;
    }
}
