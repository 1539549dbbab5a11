package org.minigpt.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GgufFileTest {
    @Test
    void everyKeyAndTensorReadsBackAndTheSizeIsHeaderMetadataAndAlignedTensors() throws Exception {
        float[] matrix = {1, -2, 3.5f, 0.1f, 1e-3f, -7};
        float[] vector = {0.25f, -0.5f, 2};
        GgufFile file = new GgufFile().string("general.architecture", "gpt2").uint32("gpt2.block_count", 3)
                .float32("gpt2.attention.layer_norm_epsilon", 1e-5f).bool("tokenizer.ggml.add_bos_token", false)
                .strings("tokenizer.ggml.tokens", List.of("a", "Ġb", "<|end|>")).int32s("tokenizer.ggml.token_type", new int[] {1, 1, 3})
                .tensor("m", new long[] {3, 2}, GgufFile.TensorType.F16, matrix)
                .tensor("v", new long[] {3}, GgufFile.TensorType.F32, vector);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size = file.writeTo(out);
        byte[] bytes = out.toByteArray();
        assertEquals(bytes.length, size);

        GgufReader read = new GgufReader(bytes);
        assertEquals(3, read.version);
        assertEquals(Map.of("general.architecture", "gpt2", "gpt2.block_count", 3, "gpt2.attention.layer_norm_epsilon", 1e-5f,
                "tokenizer.ggml.add_bos_token", false, "tokenizer.ggml.tokens", List.of("a", "Ġb", "<|end|>"),
                "tokenizer.ggml.token_type", List.of(1, 1, 3)), read.metadata);
        assertEquals(List.of("general.architecture", "gpt2.block_count", "gpt2.attention.layer_norm_epsilon",
                "tokenizer.ggml.add_bos_token", "tokenizer.ggml.tokens", "tokenizer.ggml.token_type"),
                List.copyOf(read.metadata.keySet()), "keys in the order written");
        assertEquals(2, read.tensors.size());
        GgufReader.TensorInfo m = read.tensors.get(0);
        GgufReader.TensorInfo v = read.tensors.get(1);
        assertEquals("m", m.name());
        assertArrayEquals(new long[] {3, 2}, m.dims());
        assertEquals(1, m.type());
        assertEquals(0, m.offset());
        assertEquals(32, v.offset(), "each tensor starts 32-byte aligned");
        assertEquals(0, v.type());
        for (int i = 0; i < matrix.length; i++) {
            assertEquals(matrix[i], read.values(m)[i], Math.abs(matrix[i]) * 1e-3, "f16 keeps 11 significant bits");
        }
        assertArrayEquals(vector, read.values(v));
        assertEquals(0, read.dataStart % 32);
        assertEquals(read.dataStart + 32 + 32, size, "the tensors, each padded to 32 bytes, end the file");
    }
}
