package org.minigpt.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A GGUF file, version 3, as llama.cpp reads it: metadata keys and values, then tensor infos, then the tensors,
 * each aligned to 32 bytes. Written by hand: Maven Central has no Java library that writes GGUF.
 */
final class GgufFile {
    static final int MAGIC = 0x4655_4747; // "GGUF" read as a little-endian u32
    static final int VERSION = 3;
    static final int ALIGNMENT = 32;

    /** Value types, by GGUF's numbers. */
    enum ValueType {
        UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64
    }

    /** Tensor types, by ggml's numbers: f32 is 0 and f16 is 1. */
    enum TensorType {
        F32(4), F16(2);

        final int bytesPerValue;

        TensorType(int bytesPerValue) {
            this.bytesPerValue = bytesPerValue;
        }
    }

    /** A tensor: dims in ggml's order (the innermost, contiguous one first), values row-major. */
    record Tensor(String name, long[] dims, TensorType type, float[] values) {
        long bytes() {
            return (long) values.length * type.bytesPerValue;
        }
    }

    private final ByteArrayOutputStream metadataBytes = new ByteArrayOutputStream();
    private final LittleEndianOutput metadata = new LittleEndianOutput(metadataBytes);
    private int keys;
    private final List<Tensor> tensors = new ArrayList<>();

    GgufFile string(String key, String value) {
        return put(key, ValueType.STRING, () -> metadata.string(value));
    }

    GgufFile uint32(String key, long value) {
        return put(key, ValueType.UINT32, () -> metadata.u32(value));
    }

    GgufFile float32(String key, float value) {
        return put(key, ValueType.FLOAT32, () -> metadata.f32(value));
    }

    GgufFile bool(String key, boolean value) {
        return put(key, ValueType.BOOL, () -> metadata.u8(value ? 1 : 0));
    }

    GgufFile strings(String key, List<String> values) {
        return put(key, ValueType.ARRAY, () -> {
            metadata.u32(ValueType.STRING.ordinal());
            metadata.u64(values.size());
            for (String value : values) {
                metadata.string(value);
            }
        });
    }

    GgufFile int32s(String key, int[] values) {
        return put(key, ValueType.ARRAY, () -> {
            metadata.u32(ValueType.INT32.ordinal());
            metadata.u64(values.length);
            for (int value : values) {
                metadata.u32(value);
            }
        });
    }

    GgufFile tensor(String name, long[] dims, TensorType type, float[] values) {
        tensors.add(new Tensor(name, dims.clone(), type, values));
        return this;
    }

    /** Writes the file; returns its size. */
    long writeTo(OutputStream stream) throws IOException {
        metadata.close();
        try (LittleEndianOutput out = new LittleEndianOutput(stream)) {
            out.u32(MAGIC);
            out.u32(VERSION);
            out.u64(tensors.size());
            out.u64(keys);
            out.bytes(metadataBytes.toByteArray());
            long offset = 0;
            for (Tensor tensor : tensors) {
                out.string(tensor.name());
                out.u32(tensor.dims().length);
                for (long dim : tensor.dims()) {
                    out.u64(dim);
                }
                out.u32(tensor.type().ordinal());
                out.u64(offset);
                offset = aligned(offset + tensor.bytes());
            }
            out.zeros(aligned(out.written()) - out.written());
            for (Tensor tensor : tensors) {
                if (tensor.type() == TensorType.F32) {
                    out.floats(tensor.values());
                } else {
                    out.halves(tensor.values());
                }
                out.zeros(aligned(tensor.bytes()) - tensor.bytes());
            }
            return out.written();
        }
    }

    static long aligned(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private interface Write {
        void run() throws IOException;
    }

    private GgufFile put(String key, ValueType type, Write value) {
        try {
            metadata.string(key);
            metadata.u32(type.ordinal());
            value.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        keys++;
        return this;
    }
}
