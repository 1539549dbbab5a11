package org.minigpt.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Numbers, strings and float arrays written little-endian, as GGUF and safetensors store them; counts its bytes. */
final class LittleEndianOutput implements AutoCloseable {
    private final OutputStream out;
    private final ByteBuffer scratch = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    LittleEndianOutput(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    long written() {
        return written;
    }

    void u8(int value) throws IOException {
        out.write(value);
        written++;
    }

    void u32(long value) throws IOException {
        scratch.clear();
        scratch.putInt((int) value);
        flushScratch();
    }

    void u64(long value) throws IOException {
        scratch.clear();
        scratch.putLong(value);
        flushScratch();
    }

    void f32(float value) throws IOException {
        scratch.clear();
        scratch.putFloat(value);
        flushScratch();
    }

    void bytes(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    /** GGUF's string: its UTF-8 length as a u64, then the bytes. */
    void string(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        bytes(bytes);
    }

    void floats(float[] values) throws IOException {
        for (int from = 0; from < values.length; ) {
            scratch.clear();
            int to = Math.min(values.length, from + scratch.capacity() / Float.BYTES);
            for (int i = from; i < to; i++) {
                scratch.putFloat(values[i]);
            }
            flushScratch();
            from = to;
        }
    }

    void halves(float[] values) throws IOException {
        for (int from = 0; from < values.length; ) {
            scratch.clear();
            int to = Math.min(values.length, from + scratch.capacity() / Short.BYTES);
            for (int i = from; i < to; i++) {
                scratch.putShort(Half.fromFloat(values[i]));
            }
            flushScratch();
            from = to;
        }
    }

    void zeros(long count) throws IOException {
        for (long i = 0; i < count; i++) {
            u8(0);
        }
    }

    private void flushScratch() throws IOException {
        out.write(scratch.array(), 0, scratch.position());
        written += scratch.position();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
