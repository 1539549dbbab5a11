package org.minigpt.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.minigpt.api.model.Gpt2Form;

/**
 * Tensors as a {@code .safetensors} file: a u64 header length, a JSON header (each tensor's dtype, shape and byte
 * range), then the raw little-endian values. Written by hand: the format is that small, and Maven Central's
 * Java implementations come inside whole inference engines.
 */
final class Safetensors {
    private Safetensors() {
    }

    /** Writes {@code tensors} in order as F32 or F16; returns the file's size. */
    static long write(Map<String, Gpt2Form.Tensor> tensors, boolean half, OutputStream stream) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        int bytesPerValue = half ? 2 : 4;
        for (Map.Entry<String, Gpt2Form.Tensor> entry : tensors.entrySet()) {
            ObjectNode tensor = header.putObject(entry.getKey());
            tensor.put("dtype", half ? "F16" : "F32");
            var shape = tensor.putArray("shape");
            for (long dim : entry.getValue().shape()) {
                shape.add(dim);
            }
            long end = offset + entry.getValue().count() * bytesPerValue;
            tensor.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padding = (8 - headerBytes.length % 8) % 8; // the data starts 8-byte aligned
        try (LittleEndianOutput out = new LittleEndianOutput(stream)) {
            out.u64(headerBytes.length + padding);
            out.bytes(headerBytes);
            out.bytes(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
            for (Gpt2Form.Tensor tensor : tensors.values()) {
                if (half) {
                    out.halves(tensor.values());
                } else {
                    out.floats(tensor.values());
                }
            }
            return out.written();
        }
    }
}
