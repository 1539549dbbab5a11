package org.minigpt.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads back every key and tensor of a GGUF file, following the format's specification, for the writer's tests. */
final class GgufReader {
    record TensorInfo(String name, long[] dims, int type, long offset) {
    }

    final int version;
    final Map<String, Object> metadata = new LinkedHashMap<>();
    final List<TensorInfo> tensors = new ArrayList<>();
    final long dataStart;
    private final ByteBuffer buffer;

    GgufReader(byte[] file) {
        buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt() != GgufFile.MAGIC) {
            throw new IllegalStateException("not GGUF");
        }
        version = buffer.getInt();
        long tensorCount = buffer.getLong();
        long keyCount = buffer.getLong();
        for (long k = 0; k < keyCount; k++) {
            String key = string();
            metadata.put(key, value(buffer.getInt()));
        }
        for (long t = 0; t < tensorCount; t++) {
            String name = string();
            long[] dims = new long[buffer.getInt()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = buffer.getLong();
            }
            tensors.add(new TensorInfo(name, dims, buffer.getInt(), buffer.getLong()));
        }
        dataStart = GgufFile.aligned(buffer.position());
    }

    /** A tensor's values as floats, whether stored as f32 or f16. */
    float[] values(TensorInfo tensor) {
        long count = 1;
        for (long dim : tensor.dims()) {
            count *= dim;
        }
        float[] values = new float[Math.toIntExact(count)];
        int at = Math.toIntExact(dataStart + tensor.offset());
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.type() == 0 ? buffer.getFloat(at + 4 * i) : Half.toFloat(buffer.getShort(at + 2 * i));
        }
        return values;
    }

    private String string() {
        byte[] bytes = new byte[Math.toIntExact(buffer.getLong())];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Object value(int type) {
        return switch (type) {
            case 0, 1 -> buffer.get();
            case 4, 5 -> buffer.getInt();
            case 6 -> buffer.getFloat();
            case 7 -> buffer.get() != 0;
            case 8 -> string();
            case 9 -> {
                int elementType = buffer.getInt();
                long count = buffer.getLong();
                List<Object> values = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    values.add(value(elementType));
                }
                yield values;
            }
            case 10, 11 -> buffer.getLong();
            case 12 -> buffer.getDouble();
            default -> throw new IllegalStateException("value type " + type);
        };
    }
}
